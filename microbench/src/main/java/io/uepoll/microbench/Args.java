package io.uepoll.microbench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} command-line options; a {@code --flag} followed by another option or nothing means "true". */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || args[i].length() == 2) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
            }
            String name = args[i].substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(name, args[++i]);
            } else {
                values.put(name, "true");
            }
        }
    }

    String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean getBoolean(String name) {
        String v = values.get(name);
        return v != null && !"false".equalsIgnoreCase(v) && !"0".equals(v) && !"no".equalsIgnoreCase(v);
    }

    int getInt(String name, int defaultValue) {
        String v = values.get(name);
        try {
            return v == null ? defaultValue : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer: " + v, e);
        }
    }

    double getDouble(String name, double defaultValue) {
        String v = values.get(name);
        try {
            return v == null ? defaultValue : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number: " + v, e);
        }
    }

    /** A comma-separated list, or the default when the option is absent. */
    List<String> getList(String name, String defaultValue) {
        List<String> out = new ArrayList<>();
        for (String s : get(name, defaultValue).split(",")) {
            if (!s.trim().isEmpty()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    List<Integer> getIntList(String name, String defaultValue) {
        List<Integer> out = new ArrayList<>();
        for (String s : getList(name, defaultValue)) {
            try {
                out.add(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a list of integers: " + s, e);
            }
        }
        return out;
    }
}
