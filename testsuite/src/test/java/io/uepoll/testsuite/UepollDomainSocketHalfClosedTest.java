package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketHalfClosedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.SocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(TestRing.class)
public class UepollDomainSocketHalfClosedTest extends SocketHalfClosedTest {
    @Override
    protected SocketAddress newSocketAddress() {
        return UepollDomainSocketTestPermutation.newDomainSocketAddress();
    }

    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return UepollDomainSocketTestPermutation.INSTANCE.domainSocket();
    }

    @Test
    @Override
    public void testHalfClosureReceiveDataOnFinalWait2StateWhenSoLingerSet(TestInfo testInfo) {
        assumeTrue(false, "TCP only: the test casts the accepted channel to SocketChannel and sets SO_LINGER "
                + "to reach FIN_WAIT2, which AF_UNIX sockets do not have");
    }

    @Test
    @Override
    public void testAutoCloseFalseDoesShutdownOutput(TestInfo testInfo) throws Throwable {
        TestRing.assumeFlushSendsAtOnce();
        super.testAutoCloseFalseDoesShutdownOutput(testInfo);
    }
}
