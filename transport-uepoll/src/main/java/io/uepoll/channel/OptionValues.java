package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import io.netty.channel.unix.UnixChannelOption;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

/**
 * What an option's value must be before any syscall: its Java type, read once from the declared type
 * of the public constants ({@code ChannelOption<Integer> SO_RCVBUF}), so a wrong type is an
 * IllegalArgumentException naming the option instead of a ClassCastException deep in a setter; and
 * the range checks for values the kernel would silently misread.
 */
final class OptionValues {
    private static final Map<ChannelOption<?>, Class<?>> TYPES =
            declaredTypes(ChannelOption.class, UnixChannelOption.class, UepollChannelOption.class);

    private OptionValues() {
    }

    /** The option's short name ({@code TCP_KEEPIDLE} for {@code ...UepollChannelOption#TCP_KEEPIDLE}). */
    static String name(ChannelOption<?> option) {
        String name = option.name();
        return name.substring(name.lastIndexOf('#') + 1);
    }

    /** Throws when {@code value} is not of the type {@code typed} declares; {@code named} is the option the caller passed. */
    static void checkType(ChannelOption<?> typed, ChannelOption<?> named, Object value) {
        Class<?> type = TYPES.get(typed);
        if (type != null && !type.isInstance(value)) {
            throw new IllegalArgumentException(name(named) + " takes a " + type.getName() + ", not a "
                    + value.getClass().getName() + ": " + value);
        }
    }

    /** {@code value} if within {@code [min, max]}, else an IllegalArgumentException naming the option and value. */
    static long checkRange(ChannelOption<?> option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name(option) + " must be in [" + min + ", " + max + "]: " + value);
        }
        return value;
    }

    static int checkPositiveOrZero(ChannelOption<?> option, int value) {
        return (int) checkRange(option, value, 0, Integer.MAX_VALUE);
    }

    private static Map<ChannelOption<?>, Class<?>> declaredTypes(Class<?>... holders) {
        Map<ChannelOption<?>, Class<?>> types = new HashMap<>();
        for (Class<?> holder : holders) {
            for (Field field : holder.getFields()) {
                Class<?> type = valueType(field);
                if (type != null) {
                    types.put((ChannelOption<?>) staticValue(field), type);
                }
            }
        }
        return types;
    }

    /** T of a {@code public static ChannelOption<T>} field (the raw class when T is generic), else null. */
    private static Class<?> valueType(Field field) {
        if (!Modifier.isStatic(field.getModifiers()) || !ChannelOption.class.isAssignableFrom(field.getType())
                || !(field.getGenericType() instanceof ParameterizedType)) {
            return null;
        }
        Type argument = ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
        if (argument instanceof ParameterizedType) {
            argument = ((ParameterizedType) argument).getRawType();
        }
        return argument instanceof Class ? (Class<?>) argument : null;
    }

    private static Object staticValue(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("public option constant not readable: " + field, e);
        }
    }
}
