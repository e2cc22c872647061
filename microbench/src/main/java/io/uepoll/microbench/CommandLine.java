package io.uepoll.microbench;

import joptsimple.BuiltinHelpFormatter;
import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import joptsimple.ValueConversionException;
import joptsimple.ValueConverter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One subcommand's {@code --name value} flags, declared on {@link #parser} (jopt-simple). Anything
 * undeclared, a missing value or one that does not convert is a {@link UsageException}.
 */
final class CommandLine {
    /** No abbreviations: {@code --thread} is an error, not {@code --threads}. */
    final OptionParser parser = new OptionParser(false);
    private final String synopsis;
    private final OptionSpec<Void> help;

    CommandLine(String synopsis) {
        this.synopsis = synopsis;
        parser.formatHelpWith(new BuiltinHelpFormatter(110, 2));
        help = parser.accepts("help", "print this text").forHelp();
    }

    /**
     * Parses {@code args} and reads the values with {@code read}; empty when {@code --help} was
     * given. jopt-simple converts a value when it is read, so both steps report bad input alike.
     */
    <T> Optional<T> parse(String[] args, Function<OptionSet, T> read) {
        try {
            OptionSet set = parser.parse(args);
            if (!set.nonOptionArguments().isEmpty()) {
                throw error("unexpected argument '" + set.nonOptionArguments().get(0) + "' (options are --name value)");
            }
            return set.has(help) ? Optional.empty() : Optional.of(read.apply(set));
        } catch (OptionException e) {
            throw error(e.getCause() instanceof ValueConversionException
                    ? e.getMessage() + ": " + e.getCause().getMessage() : e.getMessage());
        }
    }

    UsageException error(String message) {
        return new UsageException(message, usage());
    }

    String usage() {
        StringWriter text = new StringWriter().append(synopsis).append('\n');
        try {
            parser.printHelpOn(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The formatter pads every row to the full width.
        return text.toString().lines().map(String::stripTrailing).collect(Collectors.joining("\n"));
    }

    /** Integers from {@code min} to {@code max}. */
    /** The servers to run, by transport id, checked as they are parsed. */
    OptionSpec<String> transports(String defaults) {
        return parser.accepts("transports", "servers, in order; a repeated name runs a second instance (A/A control); "
                        + "unavailable ones are skipped with the reason (default " + defaults + ")")
                .withRequiredArg().withValuesConvertedBy(converter(String.class, "LIST", Transport::checkId))
                .withValuesSeparatedBy(',');
    }

    /** A free-text option with a default, shown as {@code pattern} in the usage (a cpu list, a path). */
    OptionSpec<String> text(String name, String description, String pattern, String defaultValue) {
        return parser.accepts(name, description).withRequiredArg().withValuesConvertedBy(text(pattern)).defaultsTo(defaultValue);
    }

    /** What the servers answer and how ({@link Workload}), hello by default. */
    OptionSpec<Workload> workload() {
        StringBuilder choices = new StringBuilder();
        for (Workload w : Workload.values()) {
            choices.append(choices.length() == 0 ? "" : "; ").append(w.id).append(": ").append(w.description);
        }
        return parser.accepts("workload", choices.toString()).withRequiredArg()
                .withValuesConvertedBy(converter(Workload.class, "W", Workload::of)).defaultsTo(Workload.HELLO);
    }

    /** The first server port. */
    OptionSpec<Integer> port(int defaultValue) {
        return parser.accepts("port", "first server port")
                .withRequiredArg().withValuesConvertedBy(intRange(1, 65535)).defaultsTo(defaultValue);
    }

    /** The shuffle seed; random (and printed) when not given. */
    OptionSpec<Long> seed() {
        return parser.accepts("seed", "shuffle seed (default: random, printed)")
                .withRequiredArg().withValuesConvertedBy(converter(Long.class, "N", Long::valueOf));
    }

    /** An option taking an int of at least 1. */
    OptionSpec<Integer> positiveInt(String name, String description) {
        return parser.accepts(name, description).withRequiredArg().withValuesConvertedBy(intRange(1, Integer.MAX_VALUE));
    }

    /** The option's value, or {@code defaultValue} when it was not given. */
    static int orDefault(OptionSet set, OptionSpec<Integer> spec, int defaultValue) {
        return set.has(spec) ? spec.value(set) : defaultValue;
    }

    static ValueConverter<Integer> intRange(int min, int max) {
        String expected = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
        return converter(Integer.class, "N", s -> {
            try {
                int v = Integer.parseInt(s.trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below with the range
            }
            throw new IllegalArgumentException("expected " + expected);
        });
    }

    /** Any text, shown as {@code <pattern>} in the usage. */
    static ValueConverter<String> text(String pattern) {
        return converter(String.class, pattern, s -> s);
    }

    /** One of {@code choices}, exactly. */
    static ValueConverter<String> oneOf(String... choices) {
        return converter(String.class, String.join("|", choices), s -> {
            for (String c : choices) {
                if (c.equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("expected " + String.join(" or ", choices));
        });
    }

    /** A converter whose {@code parse} reports bad input with an IllegalArgumentException. */
    static <T> ValueConverter<T> converter(Class<T> type, String pattern, Function<String, T> parse) {
        return new ValueConverter<T>() {
            @Override
            public T convert(String value) {
                try {
                    return parse.apply(value);
                } catch (IllegalArgumentException e) {
                    throw new ValueConversionException(e.getMessage(), e);
                }
            }

            @Override
            public Class<? extends T> valueType() {
                return type;
            }

            @Override
            public String valuePattern() {
                return pattern;
            }
        };
    }
}
