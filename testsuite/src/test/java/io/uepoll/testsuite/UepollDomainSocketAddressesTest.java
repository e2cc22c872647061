package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketAddressesTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.SocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;

@ExtendWith(TestRing.class)
public class UepollDomainSocketAddressesTest extends SocketAddressesTest {
    @Override
    protected SocketAddress newSocketAddress() {
        return UepollDomainSocketTestPermutation.newDomainSocketAddress();
    }

    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return UepollDomainSocketTestPermutation.INSTANCE.domainSocket();
    }

    @Override
    protected void assertAddress(SocketAddress address) {
        assertNotNull(((DomainSocketAddress) address).path());
    }
}
