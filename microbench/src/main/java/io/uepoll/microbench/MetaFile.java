package io.uepoll.microbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The meta.txt of a benchmark run: one "key: value" line each; "labels" (the servers, comma
 * separated), "skipped" and "problem" lines are read into lists, every other key into {@link #meta}.
 */
final class MetaFile {
    final Map<String, String> meta = new LinkedHashMap<>();
    final List<String> labels = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    static MetaFile read(Path file) throws IOException {
        MetaFile m = new MetaFile();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(": ");
            if (colon < 0) {
                continue;
            }
            String k = line.substring(0, colon);
            String v = line.substring(colon + 2);
            switch (k) {
                case "labels": m.labels.addAll(Arrays.asList(v.split(","))); break;
                case "skipped": m.skipped.add(v); break;
                case "problem": m.problems.add(v); break;
                default: m.meta.put(k, v);
            }
        }
        return m;
    }

    /** Writes {@code meta}, then {@code extra} (more "key: value" pairs), the labels, skipped and problems. */
    static void write(Path file, Map<String, String> meta, Map<String, String> extra, Collection<String> labels,
                      List<String> skipped, List<String> problems) throws IOException {
        StringBuilder sb = new StringBuilder();
        meta.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        extra.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        sb.append("labels: ").append(String.join(",", labels)).append('\n');
        skipped.forEach(s -> sb.append("skipped: ").append(s).append('\n'));
        problems.forEach(p -> sb.append("problem: ").append(p.replace('\n', ' ')).append('\n'));
        Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
