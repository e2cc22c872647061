package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketConditionalWritabilityTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.SocketAddress;
import java.util.List;

@ExtendWith(TestRing.class)
public class UepollDomainSocketConditionalWritabilityTest extends SocketConditionalWritabilityTest {
    @Override
    protected SocketAddress newSocketAddress() {
        return UepollDomainSocketTestPermutation.newDomainSocketAddress();
    }

    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return UepollDomainSocketTestPermutation.INSTANCE.domainSocket();
    }
}
