package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.DatagramMulticastTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

@ExtendWith(TestRing.class)
public class UepollDatagramMulticastTest extends DatagramMulticastTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<Bootstrap, Bootstrap>> newFactories() {
        return UepollDatagramTestPermutation.INSTANCE.datagram(socketProtocolFamily());
    }

    @Override
    public void testMulticast(Bootstrap sb, Bootstrap cb) throws Throwable {
        LoopbackMulticast.assumeOnlyLoopbackCarriesMulticast(SocketProtocolFamily.INET);
        super.testMulticast(sb, cb);
    }
}
