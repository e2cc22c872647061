package io.uepoll.testsuite;

import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollDataPath;
import io.uepoll.channel.UepollRing;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The ring this test JVM runs Netty's testsuite on: the {@code io.uepoll.ring} property (one Maven
 * execution per ring), else the default. As a JUnit condition it skips, with the reason, every test
 * of a class when that ring is not available on this kernel.
 */
public final class TestRing implements ExecutionCondition {
    static {
        LoopbackBlackhole.install();
    }

    static UepollRing ring() {
        String property = System.getProperty(UepollRing.PROPERTY, "auto");
        UepollRing ring = UepollRing.fromPropertyValue(property);
        return ring != null ? ring : Uepoll.defaultRing();
    }

    /**
     * True when this JVM's loops send through a ring: data path RING on IO_URING, or on USERPOLL (its paired
     * io_uring carries the sends).
     */
    static boolean sendsThroughRing() {
        return ring() != UepollRing.EPOLL_WAIT && UepollDataPath.defaultPath() == UepollDataPath.RING;
    }

    /**
     * Skips a test that blocks its event loop right after a flush and waits for the peer to read: a
     * ring send reaches the kernel only with the loop's next io_uring_enter, which the blocked loop
     * never makes (Netty's io_uring transport disables the same tests). It runs on data path direct.
     */
    static void assumeFlushSendsAtOnce() {
        org.junit.jupiter.api.Assumptions.assumeFalse(sendsThroughRing(), "blocks its event loop after a flush "
                + "and waits for the peer: on data path ring the send leaves with the loop's next io_uring_enter, "
                + "which a blocked loop never makes (Netty's io_uring transport disables it too); runs on direct");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!Uepoll.isAvailable()) {
            return ConditionEvaluationResult.disabled("uepoll transport unavailable: " + Uepoll.unavailabilityCause());
        }
        UepollRing ring = ring();
        if (!Uepoll.isRingAvailable(ring)) {
            return ConditionEvaluationResult.disabled(ring + " ring not available on this kernel: "
                    + Uepoll.ringUnavailabilityCause(ring).getMessage());
        }
        return ConditionEvaluationResult.enabled("running on the " + ring + " ring");
    }
}
