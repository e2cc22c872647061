package io.uepoll.channel.internal;

import io.netty.util.internal.ObjectUtil;
import io.uepoll.channel.UepollRing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** Opens rings by kind and probes whether a kind works on this kernel. */
public final class ReadinessRings {
    /** Ring size used when none is given: items for USERPOLL, CQ entries for IO_URING, events for EPOLL_WAIT. */
    public static final int DEFAULT_SIZE = 4096;

    private ReadinessRings() {
    }

    /** Throws naming the ring and the size when a ring of this kind cannot have {@code size} entries. */
    public static void checkSize(UepollRing kind, int size) {
        switch (kind) {
            case USERPOLL:
                UserpollReadinessRing.checkSize(size);
                break;
            case IO_URING:
                IoUringSetup.checkSize(size);
                break;
            case EPOLL_WAIT:
                EpollWaitReadinessRing.checkSize(size);
                break;
            default:
                throw new IllegalArgumentException("unknown ring: " + kind);
        }
    }

    /** Opens a ring whose harvests deliver to {@code sink}, on the thread that harvests; no provided buffers. */
    public static ReadinessRing open(UepollRing kind, int size, ReadySink sink) throws IOException {
        return open(kind, size, sink, 0);
    }

    /** The provided-buffer ring's entries when none are given: {@code -Dio.uepoll.bufferRing.entries}, or 256. */
    public static int defaultBufferRingEntries() {
        return ProvidedBufferRing.configuredEntries();
    }

    /** 0 (no buffer ring) or a power of two the kernel takes. */
    public static void checkBufferRingEntries(int entries) {
        ProvidedBufferRing.checkEntries(entries, "bufferRingEntries");
    }

    /**
     * Opens a ring whose harvests deliver to {@code sink}, on the thread that harvests; an IO_URING ring
     * with {@code bufferRingEntries > 0} also registers a provided-buffer ring for multishot receives.
     * A USERPOLL ring opened this way carries no sends: see {@link #open(UepollRing, int, ReadySink, boolean, int)}.
     */
    public static ReadinessRing open(UepollRing kind, int size, ReadySink sink, int bufferRingEntries) throws IOException {
        return open(kind, size, sink, false, bufferRingEntries);
    }

    /**
     * As {@link #open(UepollRing, int, ReadySink, int)}; {@code ringDataPath} (data path ring) pairs a
     * USERPOLL ring with an io_uring for its loop's sends (IO_URING carries them itself, EPOLL_WAIT never).
     */
    public static ReadinessRing open(UepollRing kind, int size, ReadySink sink, boolean ringDataPath,
                                     int bufferRingEntries) throws IOException {
        ObjectUtil.checkNotNull(sink, "sink");
        switch (kind) {
            case USERPOLL:
                return UserpollReadinessRing.open(size, sink, ringDataPath);
            case IO_URING:
                return IoUringReadinessRing.open(size, sink, bufferRingEntries);
            case EPOLL_WAIT:
                return EpollWaitReadinessRing.open(size, sink);
            default:
                throw new IllegalArgumentException("unknown ring: " + kind);
        }
    }

    /** Opens and closes a small ring of this kind; returns why that failed, or null. */
    public static Throwable probe(UepollRing kind) {
        try {
            if (kind == UepollRing.USERPOLL) {
                UserpollProbe.epollCreate2SyscallNumber();
            }
            open(kind, 16, (token, ops) -> { }).close();
            return null;
        } catch (Throwable t) {
            return kind == UepollRing.IO_URING ? new IOException(t.getMessage() + ioUringHints(), t) : t;
        }
    }

    /** What usually stops io_uring: the sysctl, or a seccomp filter (containers, sandboxes). */
    private static String ioUringHints() {
        StringBuilder sb = new StringBuilder();
        String disabled = readFirstLine(Paths.get("/proc/sys/kernel/io_uring_disabled"));
        if (disabled != null && !"0".equals(disabled)) {
            sb.append("; sysctl kernel.io_uring_disabled=").append(disabled);
        }
        String seccomp = statusField("Seccomp:");
        if (seccomp != null && !"0".equals(seccomp)) {
            sb.append("; this process runs under seccomp mode ").append(seccomp)
              .append(", which may block io_uring_setup");
        }
        return sb.toString();
    }

    private static String statusField(String name) {
        try (Stream<String> lines = Files.lines(Paths.get("/proc/self/status"), StandardCharsets.US_ASCII)) {
            return lines.filter(l -> l.startsWith(name)).map(l -> l.substring(name.length()).trim())
                        .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String readFirstLine(Path path) {
        try {
            return new String(Files.readAllBytes(path), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
