package io.uepoll.channel.internal;

/** Receives harvested readiness: the token given at registration and the ready bits ({@link ReadyOps}). */
@FunctionalInterface
public interface ReadySink {
    void onReady(long token, int readyOps);
}
