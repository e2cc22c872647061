package io.uepoll.channel.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load-time check that {@link LinuxConstants} and {@link UserpollLayout} say what the C headers
 * say (the USERPOLL structs as the kernel patch's uapi header defines them). Compared by name in both
 * directions, so neither side can grow a constant the other lacks.
 */
final class NativeConstants {
    private static final String USERPOLL_PREFIX = "UserpollLayout.";

    private NativeConstants() {
    }

    /** Throws naming every constant that differs from C, or that only one side has. */
    static void verify() {
        List<String> problems = differences(javaConstants(), cConstants());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("kernel constants differ from the C headers: " + problems);
        }
    }

    static List<String> differences(Map<String, Integer> java, Map<String, Integer> c) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Integer> e : java.entrySet()) {
            Integer cValue = c.get(e.getKey());
            if (cValue == null) {
                problems.add(e.getKey() + " is not checked against C");
            } else if (!cValue.equals(e.getValue())) {
                problems.add(e.getKey() + " is " + e.getValue() + " in Java but " + cValue + " in C");
            }
        }
        for (String name : c.keySet()) {
            if (!java.containsKey(name)) {
                problems.add(name + " is in C but not in Java");
            }
        }
        return problems;
    }

    /** Every int constant of LinuxConstants and UserpollLayout, by its C-side name. */
    static Map<String, Integer> javaConstants() {
        Map<String, Integer> all = new TreeMap<>();
        addIntConstants(LinuxConstants.class, "", all);
        addIntConstants(UserpollLayout.class, USERPOLL_PREFIX, all);
        return all;
    }

    static Map<String, Integer> cConstants() {
        String[] names = names0();
        int[] values = values0();
        if (names.length != values.length) {
            throw new IllegalStateException("native constant table is inconsistent: " + names.length
                    + " names, " + values.length + " values");
        }
        Map<String, Integer> all = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            all.put(names[i], values[i]);
        }
        return all;
    }

    private static void addIntConstants(Class<?> holder, String prefix, Map<String, Integer> out) {
        for (Field field : holder.getDeclaredFields()) {
            int mod = field.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && field.getType() == int.class) {
                try {
                    field.setAccessible(true);
                    out.put(prefix + field.getName(), field.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + holder.getSimpleName() + '.' + field.getName(), e);
                }
            }
        }
    }

    private static native String[] names0();

    private static native int[] values0();
}
