package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketAddressesTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestRing.class)
public class UepollSocketAddressesTest extends SocketAddressesTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return UepollSocketTestPermutation.INSTANCE.socketWithFastOpen();
    }

    @Override
    protected void assertAddress(SocketAddress address) {
        assertTrue(((InetSocketAddress) address).getPort() > 0);
        assertFalse(((InetSocketAddress) address).getAddress().isAnyLocalAddress());
    }
}
