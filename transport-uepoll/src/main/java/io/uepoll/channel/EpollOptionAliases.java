package io.uepoll.channel;

import io.netty.channel.ChannelOption;

import java.util.HashMap;
import java.util.Map;

/**
 * Netty's {@code EpollChannelOption} constants, mapped to ours so that moving from the epoll transport
 * renames no option. The mapping goes by the option's name, so this class never loads an epoll class
 * and works whether or not netty-transport-classes-epoll is on the classpath; only reading EPOLL_MODE
 * back touches {@code EpollMode}, and a caller holding that option has the class.
 */
final class EpollOptionAliases {
    private static final String PREFIX = "io.netty.channel.epoll.EpollChannelOption#";
    private static final String EPOLL_MODE = PREFIX + "EPOLL_MODE";
    private static final String EDGE_TRIGGERED = "EDGE_TRIGGERED";
    private static final Map<String, ChannelOption<?>> OURS = new HashMap<>();

    static {
        // Netty names these "EpollChannelOption#X"; TCP_FASTOPEN, TCP_FASTOPEN_CONNECT and SO_REUSEPORT
        // are the same constants in both transports.
        for (ChannelOption<?> ours : new ChannelOption<?>[] {
            UepollChannelOption.TCP_CORK, UepollChannelOption.TCP_NOTSENT_LOWAT, UepollChannelOption.TCP_KEEPIDLE,
            UepollChannelOption.TCP_KEEPINTVL, UepollChannelOption.TCP_KEEPCNT, UepollChannelOption.TCP_USER_TIMEOUT,
            UepollChannelOption.TCP_DEFER_ACCEPT, UepollChannelOption.TCP_QUICKACK, UepollChannelOption.SO_BUSY_POLL,
        }) {
            OURS.put(PREFIX + OptionValues.name(ours), ours);
        }
        // And these by their bare name ("IP_FREEBIND").
        for (ChannelOption<?> ours : new ChannelOption<?>[] {
            UepollChannelOption.IP_FREEBIND, UepollChannelOption.IP_BIND_ADDRESS_NO_PORT,
            UepollChannelOption.IP_MULTICAST_ALL, UepollChannelOption.IP_TRANSPARENT,
            UepollChannelOption.IP_RECVORIGDSTADDR, UepollChannelOption.TCP_MD5SIG,
            UepollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UepollChannelOption.UDP_GRO,
        }) {
            OURS.put(OptionValues.name(ours), ours);
        }
    }

    private EpollOptionAliases() {
    }

    /** Our option of the same meaning as this epoll one, or {@code option} itself when it is not an epoll alias. */
    static ChannelOption<?> ours(ChannelOption<?> option) {
        ChannelOption<?> ours = OURS.get(option.name());
        return ours == null ? option : ours;
    }

    static boolean isEpollMode(ChannelOption<?> option) {
        return option.name().equals(EPOLL_MODE);
    }

    /** Accepts EpollMode.EDGE_TRIGGERED, the only mode of this transport; refuses anything else. */
    static void checkEpollMode(Object mode) {
        if (!(mode instanceof Enum) || !((Enum<?>) mode).getDeclaringClass().getName().equals("io.netty.channel.epoll.EpollMode")) {
            throw new IllegalArgumentException("EPOLL_MODE takes an io.netty.channel.epoll.EpollMode, not a "
                    + mode.getClass().getName() + ": " + mode);
        }
        if (!((Enum<?>) mode).name().equals(EDGE_TRIGGERED)) {
            throw new IllegalArgumentException("EPOLL_MODE " + mode + " is not supported: the uepoll transport is "
                    + "edge-triggered only (EDGE_TRIGGERED)");
        }
    }

    /** EpollMode.EDGE_TRIGGERED, what EPOLL_MODE reads back. */
    static Object edgeTriggered() {
        return EdgeTriggered.MODE;
    }

    /** Loaded only when EPOLL_MODE is read, that is when the epoll classes are present. */
    private static final class EdgeTriggered {
        static final Object MODE = io.netty.channel.epoll.EpollMode.EDGE_TRIGGERED;
    }
}
