package io.uepoll.channel;

import io.netty.channel.ChannelException;

import java.io.IOException;

/** Runs a socket call for a config getter or setter, turning its IOException into Netty's ChannelException. */
final class SocketCalls {
    interface Getter<T> {
        T call() throws IOException;
    }

    interface Setter {
        void call() throws IOException;
    }

    private SocketCalls() {
    }

    static <T> T get(Getter<T> getter) {
        try {
            return getter.call();
        } catch (IOException e) {
            throw new ChannelException(e);
        }
    }

    static void set(Setter setter) {
        try {
            setter.call();
        } catch (IOException e) {
            throw new ChannelException(e);
        }
    }
}
