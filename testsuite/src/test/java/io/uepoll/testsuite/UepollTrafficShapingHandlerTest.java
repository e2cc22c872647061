package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.TrafficShapingHandlerTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

@ExtendWith(TestRing.class)
public class UepollTrafficShapingHandlerTest extends TrafficShapingHandlerTest {
    // Each combination takes about a second per allocator and the base class bounds the whole test
    // at 10 s: our server with our client and with NIO's.
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return UepollSocketTestPermutation.INSTANCE.uepollServerSocket();
    }
}
