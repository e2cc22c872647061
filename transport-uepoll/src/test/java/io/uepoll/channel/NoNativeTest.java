package io.uepoll.channel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dio.netty.transport.noNative=true} turns the transport off. {@link Uepoll} reads the
 * property once, in its static initialiser, so each case runs {@link Probe} in a fresh JVM.
 */
class NoNativeTest {
    private static final String DISABLED =
            "java.lang.UnsupportedOperationException: Native transport was explicit disabled with "
                    + "-Dio.netty.transport.noNative=true";

    @Test
    void noNativeMakesTheTransportUnavailableWithThatCause() throws Exception {
        List<String> lines = probe("-Dio.netty.transport.noNative=true");
        assertEquals(List.of("available=false", "cause=" + DISABLED,
                "ensureAvailability=java.lang.UnsatisfiedLinkError caused by " + DISABLED,
                "USERPOLL=" + DISABLED, "IO_URING=" + DISABLED, "EPOLL_WAIT=" + DISABLED), lines);
    }

    @Test
    void withoutThePropertyTheSameProbeSeesTheTransport() throws Exception {
        List<String> lines = probe("-Dio.netty.transport.noNative=false");
        assertEquals(List.of("available=true", "cause=null", "ensureAvailability=ok"), lines.subList(0, 3));
        assertEquals("EPOLL_WAIT=null", lines.get(5), lines.toString());
    }

    private static List<String> probe(String property) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add(property);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Probe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM exits");
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.contains("=")).toList();
    }

    /** Prints what {@link Uepoll} says about this JVM, one {@code name=value} line each. */
    static final class Probe {
        public static void main(String[] args) {
            System.out.println("available=" + Uepoll.isAvailable());
            System.out.println("cause=" + Uepoll.unavailabilityCause());
            try {
                Uepoll.ensureAvailability();
                System.out.println("ensureAvailability=ok");
            } catch (UnsatisfiedLinkError e) {
                System.out.println("ensureAvailability=" + e.getClass().getName() + " caused by " + e.getCause());
            }
            for (UepollRing ring : UepollRing.values()) {
                System.out.println(ring + "=" + Uepoll.ringUnavailabilityCause(ring));
            }
        }
    }
}
