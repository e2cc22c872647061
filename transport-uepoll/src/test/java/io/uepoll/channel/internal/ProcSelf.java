package io.uepoll.channel.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** Counts of this process's fds and ring mappings, read from /proc/self. */
record ProcSelf(long fds, long ringMappings) {
    static ProcSelf snapshot() throws IOException {
        long fds;
        try (Stream<?> s = Files.list(Paths.get("/proc/self/fd"))) {
            fds = s.count();
        }
        long maps;
        try (Stream<String> s = Files.lines(Paths.get("/proc/self/maps"))) {
            maps = s.filter(l -> l.contains("io_uring") || l.contains("eventpoll")).count();
        }
        return new ProcSelf(fds, maps);
    }
}
