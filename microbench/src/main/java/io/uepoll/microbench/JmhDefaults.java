package io.uepoll.microbench;

import io.uepoll.microbench.jmh.JmhRings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Adds {@code -p ring=<rings this kernel has>} unless the caller chose rings: unavailable rings are skipped. */
final class JmhDefaults {
    private JmhDefaults() {
    }

    static String[] apply(String[] args) {
        List<String> out = new ArrayList<>(Arrays.asList(args));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("-l") || args[i].equals("-lp")
                    || (args[i].equals("-p") && i + 1 < args.length && args[i + 1].startsWith("ring="))
                    || args[i].startsWith("-pring=")) {
                return args;
            }
        }
        List<String> rings = JmhRings.available();
        if (!rings.isEmpty()) {
            out.add("-p");
            out.add("ring=" + String.join(",", rings));
            System.out.println("# rings available here: " + rings + " (override with -p ring=...)");
        }
        return out.toArray(new String[0]);
    }
}
