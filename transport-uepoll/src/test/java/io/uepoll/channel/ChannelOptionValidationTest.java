package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Option values are checked before any syscall on every channel type (wrong type, out of range: an
 * IllegalArgumentException naming the option), and a value the kernel refuses is a ChannelException
 * naming the option and the value, with the kernel's error as its cause. The checks do not depend on
 * the ring, so these channels are never registered.
 */
class ChannelOptionValidationTest {
    private final List<Channel> opened = new ArrayList<>();

    @AfterEach
    void close() {
        // Never registered: closed without a loop.
        opened.forEach(channel -> channel.unsafe().closeForcibly());
    }

    private <C extends Channel> C open(Supplier<C> factory) {
        Uepoll.ensureAvailability();
        C channel = factory.get();
        opened.add(channel);
        return channel;
    }

    static Stream<Supplier<Channel>> everyChannelType() {
        return Stream.of(named("tcp", UepollSocketChannel::new), named("tcp server", UepollServerSocketChannel::new),
                named("udp", UepollDatagramChannel::new), named("unix stream", UepollDomainSocketChannel::new),
                named("unix server", UepollServerDomainSocketChannel::new),
                named("unix datagram", UepollDomainDatagramChannel::new));
    }

    private static Supplier<Channel> named(String name, Supplier<Channel> factory) {
        return new Supplier<>() {
            @Override
            public Channel get() {
                return factory.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean setRaw(ChannelConfig config, ChannelOption option, Object value) {
        return config.setOption(option, value);
    }

    private static void assertNames(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("everyChannelType")
    void aValueOfTheWrongTypeNamesTheOptionForEveryOptionTheChannelHas(Supplier<Channel> type) {
        ChannelConfig config = open(type).config();
        List<ChannelOption<?>> options = new ArrayList<>(config.getOptions().keySet());
        options.add(UepollChannelOption.TCP_MD5SIG);
        options.add(EpollChannelOption.TCP_KEEPIDLE);
        for (ChannelOption<?> option : options) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> setRaw(config, option, "not a value"), option.name());
            assertNames(e, OptionValues.name(option), "java.lang.String", "not a value");
        }
    }

    @Test
    void everyEpollChannelOptionMeansOneOfOurs() throws Exception {
        for (Field field : EpollChannelOption.class.getFields()) {
            if (!ChannelOption.class.isAssignableFrom(field.getType()) || field.getName().equals("EPOLL_MODE")) {
                continue;
            }
            ChannelOption<?> epoll = (ChannelOption<?>) field.get(null);
            ChannelOption<?> ours = EpollOptionAliases.ours(epoll);
            ChannelOption<?> declared = (ChannelOption<?>) UepollChannelOption.class.getField(field.getName()).get(null);
            assertSame(declared, ours, field.getName());
        }
        assertTrue(EpollOptionAliases.isEpollMode(EpollChannelOption.EPOLL_MODE));
    }

    @Test
    void notSentLowatOutsideUint32IsRejectedAndItsMaximumAccepted() {
        UepollSocketChannelConfig config = open(UepollSocketChannel::new).config();
        for (ChannelOption<Long> option : List.of(UepollChannelOption.TCP_NOTSENT_LOWAT, EpollChannelOption.TCP_NOTSENT_LOWAT)) {
            for (long bad : new long[] {-1, 1L << 33, 0x1_0000_0000L}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> config.setOption(option, bad));
                assertNames(e, "TCP_NOTSENT_LOWAT", String.valueOf(bad));
            }
            assertTrue(config.setOption(option, 0xffff_ffffL));
            assertEquals(0xffff_ffffL, config.getOption(option));
            assertTrue(config.setOption(option, 16384L));
            assertEquals(16384L, config.getOption(option));
        }
    }

    @ParameterizedTest
    @MethodSource("everyChannelType")
    void negativeBufferSizesAreRejectedBeforeTheKernelReadsThemAsHuge(Supplier<Channel> type) {
        ChannelConfig config = open(type).config();
        for (ChannelOption<Integer> option : List.of(ChannelOption.SO_RCVBUF, ChannelOption.SO_SNDBUF)) {
            if (config.getOptions().containsKey(option)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.setOption(option, -1));
                assertNames(e, option.name(), "-1");
            }
        }
    }

    @Test
    void outOfRangeValuesNameTheOption() {
        UepollServerSocketChannelConfig server = open(UepollServerSocketChannel::new).config();
        assertNames(assertThrows(IllegalArgumentException.class, () -> server.setOption(ChannelOption.TCP_FASTOPEN, -1)),
                "TCP_FASTOPEN", "-1");
        assertNames(assertThrows(IllegalArgumentException.class,
                () -> server.setOption(UepollChannelOption.TCP_DEFER_ACCEPT, -5)), "TCP_DEFER_ACCEPT", "-5");
        assertNames(assertThrows(IllegalArgumentException.class,
                () -> open(UepollSocketChannel::new).config().setOption(ChannelOption.IP_TOS, 256)), "IP_TOS", "256");
        assertNames(assertThrows(IllegalArgumentException.class,
                () -> open(UepollDatagramChannel::new).config().setOption(ChannelOption.IP_TOS, -1)), "IP_TOS", "-1");
    }

    @Test
    void md5KeysAreCheckedBeforeAnySyscall() throws Exception {
        InetAddress peer = InetAddress.getLoopbackAddress();
        for (ChannelConfig config : List.of(open(UepollSocketChannel::new).config(), open(UepollServerSocketChannel::new).config())) {
            assertNames(assertThrows(IllegalArgumentException.class,
                    () -> config.setOption(UepollChannelOption.TCP_MD5SIG, Map.of(peer, new byte[81]))), "TCP_MD5SIG", "81");
            assertNames(assertThrows(IllegalArgumentException.class,
                    () -> config.setOption(UepollChannelOption.TCP_MD5SIG, Map.of(peer, new byte[0]))), "TCP_MD5SIG", "0 bytes");
            assertNames(assertThrows(IllegalArgumentException.class,
                    () -> setRaw(config, UepollChannelOption.TCP_MD5SIG, Map.of("127.0.0.1", new byte[8]))),
                    "TCP_MD5SIG", "127.0.0.1");
            assertNames(assertThrows(IllegalArgumentException.class,
                    () -> setRaw(config, UepollChannelOption.TCP_MD5SIG, Map.of(peer, "secret"))), "TCP_MD5SIG", "byte[]");
            assertTrue(config.setOption(UepollChannelOption.TCP_MD5SIG, Map.of(peer, new byte[80])));
            assertTrue(config.setOption(UepollChannelOption.TCP_MD5SIG, Map.of()), "removing the key it set");
        }
    }

    @Test
    void kernelRefusalsNameTheOptionAndTheValue() {
        UepollSocketChannelConfig tcp = open(UepollSocketChannel::new).config();
        assertRefused(tcp, UepollChannelOption.TCP_KEEPIDLE, -1);
        assertRefused(tcp, UepollChannelOption.TCP_KEEPCNT, 0);
        assertRefused(tcp, UepollChannelOption.TCP_USER_TIMEOUT, -1);
        assertRefused(tcp, UepollChannelOption.SO_BUSY_POLL, -1);
        assertRefused(tcp, EpollChannelOption.TCP_KEEPINTVL, 0);
        assertRefused(open(UepollServerSocketChannel::new).config(), UepollChannelOption.SO_BUSY_POLL, -1);
        UepollDatagramChannelConfig udp = open(UepollDatagramChannel::new).config();
        assertRefused(udp, UepollChannelOption.SO_BUSY_POLL, -1);
        assertRefused(udp, ChannelOption.IP_MULTICAST_TTL, 300);
    }

    private static <T> void assertRefused(ChannelConfig config, ChannelOption<T> option, T value) {
        ChannelException e = assertThrows(ChannelException.class, () -> config.setOption(option, value));
        assertNames(e, OptionValues.name(option) + "=" + value, "Invalid argument");
        assertNotNull(e.getCause(), "the kernel's error is kept as the cause");
        assertNames(e.getCause(), "Invalid argument");
    }

    @Test
    void aFailingNettySocketSetterNamesTheOption() {
        // unix-common's own setters (SO_RCVBUF here) fail without naming anything: on a closed socket
        // with a bare ClosedChannelException.
        UepollDatagramChannel channel = open(UepollDatagramChannel::new);
        channel.unsafe().closeForcibly();
        ChannelException e = assertThrows(ChannelException.class,
                () -> channel.config().setOption(ChannelOption.SO_RCVBUF, 4096));
        assertNames(e, "SO_RCVBUF=4096", "ClosedChannelException");
        assertInstanceOf(java.nio.channels.ClosedChannelException.class, e.getCause());
    }
}
