package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketMultipleConnectTest;
import io.uepoll.channel.UepollIoHandler;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

@ExtendWith(TestRing.class)
public class UepollSocketMultipleConnectTest extends SocketMultipleConnectTest {
    /** Only clients that report AlreadyConnected: ours and NIO (as Netty's epoll suite filters). */
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> factories = new ArrayList<>();
        for (TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap> combo
                : UepollSocketTestPermutation.INSTANCE.socketWithFastOpen()) {
            EventLoopGroup group = combo.newClientInstance().config().group();
            if (group instanceof IoEventLoopGroup && (((IoEventLoopGroup) group).isIoType(NioIoHandler.class)
                    || ((IoEventLoopGroup) group).isIoType(UepollIoHandler.class))) {
                factories.add(combo);
            }
        }
        return factories;
    }
}
