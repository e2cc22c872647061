package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.uepoll.channel.internal.ReadinessRing;
import io.uepoll.channel.internal.ReadinessRings;
import io.uepoll.channel.internal.RingCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** The loop survives a ring that throws, and bad factory arguments fail at once, naming themselves. */
class LoopFaultTest {

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void anUnexpectedExceptionFromTheRingDoesNotKillTheLoop(UepollRing kind) throws Exception {
        assumeRing(kind);
        AtomicBoolean armed = new AtomicBoolean();
        IoHandlerFactory factory = UepollIoHandler.newFactory(kind,
                sink -> new ThrowOnceRing(ReadinessRings.open(kind, UepollIoHandler.DEFAULT_RING_SIZE, sink), armed), 0);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        try {
            Channel server = bindServer(group, new Echo());
            AtomicLong received = new AtomicLong();
            CountDownLatch firstEcho = new CountDownLatch(1);
            CountDownLatch secondEcho = new CountDownLatch(1);
            Channel client = client(group, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    long total = received.addAndGet(((ByteBuf) msg).readableBytes());
                    ReferenceCountUtil.release(msg);
                    if (total >= 8) {
                        firstEcho.countDown();
                    }
                    if (total >= 16) {
                        secondEcho.countDown();
                    }
                }
            }).connect(server.localAddress()).sync().channel();
            client.writeAndFlush(Unpooled.copyLong(1)).sync();
            assertTrue(firstEcho.await(10, TimeUnit.SECONDS), "echo before the fault");

            armed.set(true);
            client.eventLoop().execute(() -> { }); // a wakeup: the loop harvests, the ring throws once
            UepollCounters counters = UepollCounters.of(client.eventLoop());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (counters.getLoopExceptions() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, counters.getLoopExceptions(), "the loop caught the ring's exception once");
            assertFalse(group.isShuttingDown(), "the loop is still running");

            client.writeAndFlush(Unpooled.copyLong(2)).sync();
            assertTrue(secondEcho.await(10, TimeUnit.SECONDS), "echo after the fault: " + received.get() + " bytes");
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void factoryArgumentsAreCheckedWhereTheyAreGiven() {
        NullPointerException noRing = assertThrows(NullPointerException.class, () -> UepollIoHandler.newFactory(null));
        assertTrue(noRing.getMessage().contains("ring"), noRing.getMessage());
        assertThrows(NullPointerException.class, () -> UepollIoHandler.newFactory(null, 64, 0));
        for (UepollRing kind : UepollRing.values()) {
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> UepollIoHandler.newFactory(kind, 0));
            assertTrue(size.getMessage().contains(kind.name()) && size.getMessage().contains("size"), size.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new UepollEventLoopGroup(1, kind, -5));
        }
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> UepollIoHandler.newFactory(UepollRing.IO_URING, 100));
        assertTrue(odd.getMessage().contains("power of two"), odd.getMessage());
        IllegalArgumentException spin = assertThrows(IllegalArgumentException.class,
                () -> UepollIoHandler.newFactory(UepollRing.EPOLL_WAIT, 64, -1));
        assertTrue(spin.getMessage().contains("spinNanos"), spin.getMessage());
        for (int entries : new int[] {-1, 1, 3, 65536}) {
            IllegalArgumentException buffers = assertThrows(IllegalArgumentException.class,
                    () -> UepollIoHandler.newFactory(UepollRing.EPOLL_WAIT, 64, 0, UepollDataPath.RING, entries));
            assertTrue(buffers.getMessage().contains("bufferRingEntries"), buffers.getMessage());
        }
    }

    /** Delegates to a real ring; its next harvest after {@code armed} is set throws once. */
    private static final class ThrowOnceRing implements ReadinessRing {
        private final ReadinessRing ring;
        private final AtomicBoolean armed;

        ThrowOnceRing(ReadinessRing ring, AtomicBoolean armed) {
            this.ring = ring;
            this.armed = armed;
        }

        @Override
        public int harvest() throws IOException {
            if (armed.compareAndSet(true, false)) {
                throw new IllegalStateException("injected ring fault");
            }
            return ring.harvest();
        }

        @Override public UepollRing kind() { return ring.kind(); }
        @Override public void add(int fd, int interest, long token) throws IOException { ring.add(fd, interest, token); }
        @Override public void modify(int fd, int interest, long token) throws IOException { ring.modify(fd, interest, token); }
        @Override public void remove(int fd, long token) throws IOException { ring.remove(fd, token); }
        @Override public boolean harvestNeedsSyscall() { return ring.harvestNeedsSyscall(); }
        @Override public void await(long timeoutNanos) throws IOException { ring.await(timeoutNanos); }
        @Override public void wakeup() { ring.wakeup(); }
        @Override public RingCounters counters() { return ring.counters(); }
        @Override public boolean isOpen() { return ring.isOpen(); }
        @Override public void close() { ring.close(); }
    }

    @io.netty.channel.ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }
}
