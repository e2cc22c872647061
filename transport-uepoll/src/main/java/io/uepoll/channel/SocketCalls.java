package io.uepoll.channel;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;

import java.io.IOException;

/**
 * Runs a socket call for a config getter or setter, turning its failure into Netty's ChannelException.
 * unix-common's setsockopt wrappers throw an unchecked ChannelException that says only
 * "setsockopt() failed: Invalid argument"; a setter's failure is rethrown naming the option and the
 * value, with the kernel's error as the cause.
 */
final class SocketCalls {
    interface Getter<T> {
        T call() throws IOException;
    }

    interface Setter {
        void call() throws IOException;
    }

    private SocketCalls() {
    }

    static <T> T get(Getter<T> getter) {
        try {
            return getter.call();
        } catch (IOException e) {
            throw new ChannelException(e);
        }
    }

    /** A getter whose failure names the option (reads fail only on a closed or foreign socket). */
    static <T> T get(ChannelOption<?> option, Getter<T> getter) {
        try {
            return getter.call();
        } catch (IOException | ChannelException e) {
            throw new ChannelException("reading " + OptionValues.name(option) + " failed: " + describe(e), e);
        }
    }

    static void set(ChannelOption<?> option, Object value, Setter setter) {
        try {
            setter.call();
        } catch (IOException | ChannelException e) {
            throw refused(OptionValues.name(option) + '=' + value, e);
        }
    }

    /** The kernel's error text; the type where there is none (a ClosedChannelException). */
    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The exception for a setting ({@code what}, e.g. {@code TCP_KEEPIDLE=-1}) the kernel refused. */
    static ChannelException refused(String what, Exception cause) {
        return new ChannelException(what + " refused: " + describe(cause), cause);
    }
}
