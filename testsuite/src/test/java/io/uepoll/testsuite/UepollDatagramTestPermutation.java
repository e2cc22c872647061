package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import io.uepoll.channel.UepollDatagramChannel;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Netty's datagram tests on our UDP channel, on the loop group of {@link UepollSocketTestPermutation}
 * (the ring this JVM runs, see {@link TestRing}): ours with ours and with NIO both ways, as Netty's
 * epoll permutation does, without NIO with NIO.
 */
public final class UepollDatagramTestPermutation extends SocketTestPermutation {
    static final UepollDatagramTestPermutation INSTANCE = new UepollDatagramTestPermutation();

    @Override
    public List<BootstrapComboFactory<Bootstrap, Bootstrap>> datagram(SocketProtocolFamily family) {
        List<BootstrapFactory<Bootstrap>> factories = Arrays.asList(
                () -> new Bootstrap().group(UepollSocketTestPermutation.group())
                        .channelFactory(named(() -> new UepollDatagramChannel(family), "UepollDatagramChannel(" + family + ")")),
                () -> new Bootstrap().group(NIO_GROUP)
                        .channelFactory(named(() -> new NioDatagramChannel(family), "NioDatagramChannel(" + family + ")")));
        List<BootstrapComboFactory<Bootstrap, Bootstrap>> combos = combo(factories, factories);
        combos.remove(combos.size() - 1); // NIO with NIO tests Netty, not us
        return combos;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> datagramSocket() {
        return Collections.singletonList(
                () -> new Bootstrap().group(UepollSocketTestPermutation.group()).channel(UepollDatagramChannel.class));
    }

    /** Our channel only, both sides: for features NIO does not have (GSO, GRO, IP_RECVORIGDSTADDR). */
    public List<BootstrapComboFactory<Bootstrap, Bootstrap>> uepollOnlyDatagram(SocketProtocolFamily family) {
        List<BootstrapFactory<Bootstrap>> ours = Collections.singletonList(() -> new Bootstrap()
                .group(UepollSocketTestPermutation.group())
                .channelFactory(named(() -> new UepollDatagramChannel(family), "UepollDatagramChannel(" + family + ")")));
        return combo(ours, ours);
    }

    private static ChannelFactory<Channel> named(Supplier<Channel> supplier, String name) {
        return new ChannelFactory<Channel>() {
            @Override
            public Channel newChannel() {
                return supplier.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
