package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketSslSessionReuseTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

@ExtendWith(TestRing.class)
public class UepollSocketSslSessionReuseTest extends SocketSslSessionReuseTest {
    // TLS runs many provider combinations: skip the fast-open duplicates of our client to keep CI short.
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return UepollSocketTestPermutation.INSTANCE.socket();
    }
}
