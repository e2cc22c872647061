package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.AbstractClientSocketTest;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.FileNotFoundException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Netty's EpollDomainDatagramPathTest: a path with no socket behind it fails with FileNotFoundException. */
@ExtendWith(TestRing.class)
public class UepollDomainDatagramPathTest extends AbstractClientSocketTest {
    @Test
    public void testConnectPathDoesNotExist(TestInfo testInfo) throws Throwable {
        run(testInfo, bootstrap -> {
            Exception e = assertThrows(Exception.class, () -> bootstrap.handler(new ChannelInboundHandlerAdapter())
                    .connect(UepollDomainSocketTestPermutation.newDomainSocketAddress()).sync());
            assertInstanceOf(FileNotFoundException.class, e);
        });
    }

    @Test
    public void testWriteReceiverPathDoesNotExist(TestInfo testInfo) throws Throwable {
        run(testInfo, bootstrap -> {
            Channel ch = bootstrap.handler(new ChannelInboundHandlerAdapter())
                    .bind(UepollDomainSocketTestPermutation.newDomainSocketAddress()).sync().channel();
            try {
                Exception e = assertThrows(Exception.class, () -> ch.writeAndFlush(new DomainDatagramPacket(
                        Unpooled.copiedBuffer("test", CharsetUtil.US_ASCII),
                        UepollDomainSocketTestPermutation.newDomainSocketAddress())).sync());
                assertInstanceOf(FileNotFoundException.class, e);
            } finally {
                ch.close().sync();
            }
        });
    }

    @Override
    protected List<TestsuitePermutation.BootstrapFactory<Bootstrap>> newFactories() {
        return UepollDomainSocketTestPermutation.INSTANCE.domainDatagramSocket();
    }
}
