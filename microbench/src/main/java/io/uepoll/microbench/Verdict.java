package io.uepoll.microbench;

import java.util.List;

/**
 * One verdict of a report's Targets section ({@link BenchReport}, {@link LoadTargets}): MET,
 * MISSED, n/a for a figure the run lacks, or "not judged" when the run is too noisy or too short to
 * judge; rendered as {@code "    [MET   ] text"}.
 */
enum Verdict {
    MET("MET"), MISSED("MISSED"), NA("n/a"), NOT_JUDGED("not judged");

    /** Netty io_uring with its defaults and with its buffer ring: the targets hold against both. */
    static final List<String> NETTY_IO_URING = List.of(HttpBench.IO_URING, HttpBench.IO_URING_BUFRING);

    /** As printed and written to CSV. */
    final String word;

    Verdict(String word) {
        this.word = word;
    }

    /** n/a when a figure is missing, else MET or MISSED. */
    static Verdict of(boolean met, boolean unknown) {
        return unknown ? NA : met ? MET : MISSED;
    }

    /** The verdict line of a report, indented under a server or target heading. */
    String line(String text) {
        return "    [" + String.format("%-6s", word) + "] " + text + "\n";
    }
}
