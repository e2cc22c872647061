package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.uepoll.channel.UepollIoHandler;
import io.uepoll.channel.UepollServerSocketChannel;
import io.uepoll.channel.UepollSocketChannel;

import java.util.ArrayList;
import java.util.List;

/**
 * Netty's testsuite permutations for our channels on the ring this JVM runs (see {@link TestRing}):
 * our server and client with each other and with NIO, as Netty's epoll permutation does.
 */
public final class UepollSocketTestPermutation extends SocketTestPermutation {
    static final UepollSocketTestPermutation INSTANCE = new UepollSocketTestPermutation();

    private static EventLoopGroup group;

    /** Created on first use, so an unavailable ring skips tests instead of failing class loading. */
    static synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(NUM_THREADS,
                    new DefaultThreadFactory("testsuite-uepoll-" + TestRing.ring().propertyValue(), true),
                    UepollIoHandler.newFactory(TestRing.ring()));
        }
        return group;
    }

    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socket() {
        return withoutNioPair(combo(serverSocket(), clientSocket()));
    }

    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socketWithFastOpen() {
        return withoutNioPair(combo(serverSocket(), clientSocketWithFastOpen()));
    }

    /** Our server with our client and with NIO's: for slow tests bounded by a whole-test timeout. */
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> uepollServerSocket() {
        return combo(serverSocket().subList(0, 1), clientSocket());
    }

    /** NIO with NIO tests Netty, not us: drop the last combination, as Netty's epoll suite does. */
    private static <A, B> List<A> withoutNioPair(List<A> combos) {
        combos.remove(combos.size() - 1);
        return combos;
    }

    @Override
    public List<BootstrapFactory<ServerBootstrap>> serverSocket() {
        List<BootstrapFactory<ServerBootstrap>> list = new ArrayList<>();
        list.add(() -> new ServerBootstrap().group(group()).channel(UepollServerSocketChannel.class));
        list.add(() -> new ServerBootstrap().group(group()).channel(UepollServerSocketChannel.class)
                .option(ChannelOption.TCP_FASTOPEN, 5));
        list.add(() -> new ServerBootstrap().group(NIO_GROUP).channel(NioServerSocketChannel.class));
        return list;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocket() {
        List<BootstrapFactory<Bootstrap>> list = new ArrayList<>();
        list.add(() -> new Bootstrap().group(group()).channel(UepollSocketChannel.class));
        list.add(() -> new Bootstrap().group(NIO_GROUP).channel(NioSocketChannel.class));
        return list;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocketWithFastOpen() {
        List<BootstrapFactory<Bootstrap>> list = clientSocket();
        // Keep NIO last so withoutNioPair drops NIO x NIO.
        list.add(list.size() - 1, () -> new Bootstrap().group(group()).channel(UepollSocketChannel.class)
                .option(ChannelOption.TCP_FASTOPEN_CONNECT, true));
        return list;
    }
}
