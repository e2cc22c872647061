package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.DatagramUnicastInetTest;
import io.uepoll.channel.UepollChannelOption;
import io.uepoll.channel.UepollDatagramChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Netty's IPv4 unicast tests, plus what Netty's EpollDatagramUnicastTest adds: IP_RECVORIGDSTADDR, GSO and GRO. */
@ExtendWith(TestRing.class)
public class UepollDatagramUnicastInetTest extends DatagramUnicastInetTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<Bootstrap, Bootstrap>> newFactories() {
        return UepollDatagramTestPermutation.INSTANCE.datagram(socketProtocolFamily());
    }

    /** Again with IP_RECVORIGDSTADDR on our server: the recipient then comes from the kernel's cmsg. */
    @Override
    public void testSimpleSendWithConnect(Bootstrap sb, Bootstrap cb) throws Throwable {
        super.testSimpleSendWithConnect(sb, cb);
        if (isOurs(sb)) {
            sb.option(UepollChannelOption.IP_RECVORIGDSTADDR, true);
            try {
                super.testSimpleSendWithConnect(sb, cb);
            } finally {
                sb.option(UepollChannelOption.IP_RECVORIGDSTADDR, null);
            }
        }
    }

    @Test
    public void testSendSegmentedDatagramPacket(TestInfo testInfo) throws Throwable {
        run(testInfo, (sb, cb) -> testSegmentedDatagramPacket(sb, cb, false, false));
    }

    @Test
    public void testSendSegmentedDatagramPacketComposite(TestInfo testInfo) throws Throwable {
        run(testInfo, (sb, cb) -> testSegmentedDatagramPacket(sb, cb, true, false));
    }

    @Test
    public void testSendAndReceiveSegmentedDatagramPacket(TestInfo testInfo) throws Throwable {
        run(testInfo, (sb, cb) -> testSegmentedDatagramPacket(sb, cb, false, true));
    }

    @Test
    public void testSendAndReceiveSegmentedDatagramPacketComposite(TestInfo testInfo) throws Throwable {
        run(testInfo, (sb, cb) -> testSegmentedDatagramPacket(sb, cb, true, true));
    }

    private static boolean isOurs(Bootstrap b) {
        return b.config().group() == UepollSocketTestPermutation.group();
    }

    /**
     * 16 segments of 512 bytes in one SegmentedDatagramPacket arrive as 16 datagrams of 512 bytes;
     * with GRO on the receiver, the kernel hands them over coalesced and the channel splits them.
     */
    private void testSegmentedDatagramPacket(Bootstrap sb, Bootstrap cb, boolean composite, boolean gro)
            throws Throwable {
        if (!isOurs(cb)) {
            return; // only our channel sends SegmentedDatagramPacket (as in Netty's epoll test)
        }
        assumeTrue(UepollDatagramChannel.isSegmentedDatagramPacketSupported(), "this kernel has no UDP_SEGMENT");
        int numBuffers = 16;
        int segmentSize = 512;
        int bufferCapacity = numBuffers * segmentSize;
        CountDownLatch latch = new CountDownLatch(numBuffers);
        Channel sc = null;
        Channel cc = null;
        try {
            cc = cb.handler(new SimpleChannelInboundHandler<Object>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                    // nothing is sent to the client
                }
            }).bind(newSocketAddress()).sync().channel();
            boolean groOnServer = gro && isOurs(sb);
            if (groOnServer) {
                assumeTrue(UepollDatagramChannel.isUdpGroSupported(), "this kernel has no UDP_GRO");
                // The coalesced datagrams must fit one receive buffer, or the tail is lost.
                sb.option(UepollChannelOption.UDP_GRO, true)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(bufferCapacity));
            }
            sc = sb.handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                    if (packet.content().readableBytes() == segmentSize) {
                        latch.countDown();
                    }
                }
            }).bind(newSocketAddress()).sync().channel();
            if (groOnServer) {
                assertEquals(true, sc.config().getOption(UepollChannelOption.UDP_GRO));
            }
            InetSocketAddress addr = (InetSocketAddress) sc.localAddress();
            ByteBuf buffer;
            if (composite) {
                CompositeByteBuf compositeBuffer = Unpooled.compositeBuffer();
                for (int i = 0; i < numBuffers; i++) {
                    compositeBuffer.addComponent(true, Unpooled.directBuffer(segmentSize).writeZero(segmentSize));
                }
                buffer = compositeBuffer;
            } else {
                buffer = Unpooled.directBuffer(bufferCapacity).writeZero(bufferCapacity);
            }
            cc.writeAndFlush(new SegmentedDatagramPacket(buffer, segmentSize, addr)).sync();
            assertTrue(latch.await(10, TimeUnit.SECONDS), "segments received: " + (numBuffers - latch.getCount()));
        } finally {
            if (groOnServer(sb, gro)) {
                sb.option(UepollChannelOption.UDP_GRO, null).option(ChannelOption.RCVBUF_ALLOCATOR, null);
            }
            if (cc != null) {
                cc.close().sync();
            }
            if (sc != null) {
                sc.close().sync();
            }
        }
    }

    private static boolean groOnServer(Bootstrap sb, boolean gro) {
        return gro && isOurs(sb);
    }
}
