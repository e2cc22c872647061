package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.util.concurrent.GlobalEventExecutor;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** The loop on each ring: counters, wakeups, deadlines, the public group API. */
class UepollEventLoopTest {

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void groupChildrenAreUepollEventLoopsOnTheRing(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(2, ring);
        try {
            for (int i = 0; i < 4; i++) {
                EventLoop loop = group.next();
                UepollEventLoop uepollLoop = assertInstanceOf(UepollEventLoop.class, loop);
                assertEquals(ring, uepollLoop.ring());
                assertEquals(ring.name(), uepollLoop.counters().getRing());
            }
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void busyConnectionHarvestsMoreEventsThanItWaits(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(1, ring);
        int messages = 2000;
        CountDownLatch echoed = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        try {
            Channel server = bindServer(group, new EchoHandler());
            Channel client = client(group, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (received.addAndGet(((ByteBuf) msg).readableBytes()) == messages * 8L) {
                        echoed.countDown();
                    }
                    ReferenceCountUtil.release(msg);
                }
            }).connect(server.localAddress()).sync().channel();
            UepollCounters counters = ((UepollEventLoop) client.eventLoop()).counters();
            long eventsBefore = counters.getEventsHarvested();
            long waitsBefore = counters.getKernelWaits();
            for (int i = 0; i < messages; i++) {
                client.writeAndFlush(Unpooled.copyLong(i));
            }
            assertTrue(echoed.await(30, TimeUnit.SECONDS), "all bytes echoed: " + received.get());
            long events = counters.getEventsHarvested() - eventsBefore;
            long waits = counters.getKernelWaits() - waitsBefore;
            System.out.printf("%s busy echo of %d messages: %d events harvested, %d kernel waits (%s)%n",
                    ring, messages, events, waits, counters);
            assertTrue(events > 0, "events were harvested from the ring");
            if (ring == UepollRing.EPOLL_WAIT) {
                // An idle EPOLL_WAIT loop harvests with the blocking call itself: each harvest is a wait.
                assertTrue(waits > 0, "the loop harvested with blocking epoll_wait calls: " + waits);
            } else {
                assertTrue(waits < events, "a busy loop harvests more than it sleeps: " + waits + " waits, " + events + " events");
            }
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void spinningLoopCatchesTheNextRequestWithoutSleeping(UepollRing ring) throws Exception {
        assumeRing(ring);
        // The server loop spins up to 200 ms after each reply; the client's next request comes at once.
        UepollEventLoopGroup serverGroup = new UepollEventLoopGroup(1, ring, UepollIoHandler.DEFAULT_RING_SIZE,
                TimeUnit.MILLISECONDS.toNanos(200));
        UepollEventLoopGroup clientGroup = new UepollEventLoopGroup(1, ring);
        int requests = 200;
        try {
            Channel server = bindServer(serverGroup, new EchoHandler());
            PingPong pingPong = new PingPong(requests);
            Channel client = client(clientGroup, pingPong).connect(server.localAddress()).sync().channel();
            UepollCounters counters = ((UepollEventLoop) serverGroup.next()).counters();
            long spinHitsBefore = counters.getSpinHits();
            long waitsBefore = counters.getKernelWaits();
            client.writeAndFlush(Unpooled.copyLong(0));
            assertTrue(pingPong.done.await(30, TimeUnit.SECONDS), "ping-pong finished: " + pingPong.replies);
            long spinHits = counters.getSpinHits() - spinHitsBefore;
            long waits = counters.getKernelWaits() - waitsBefore;
            System.out.printf("%s spinning server, %d requests: %d spin hits, %d kernel waits%n",
                    ring, requests, spinHits, waits);
            if (ring == UepollRing.EPOLL_WAIT) {
                assertEquals(0, spinHits, "EPOLL_WAIT never spins (its harvest is a syscall)");
            } else {
                // A request that lands before the loop goes idle is harvested without a spin: count sleeps.
                assertTrue(spinHits > 0, "requests arrived during the spin: " + spinHits);
                assertTrue(waits < requests / 2, "the spinning loop rarely slept: " + waits + " kernel waits");
            }
            client.close().sync();
            server.close().sync();
        } finally {
            clientGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
            serverGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void negativeSpinIsRefused(UepollRing ring) {
        assumeRing(ring);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UepollIoHandler.newFactory(ring, UepollIoHandler.DEFAULT_RING_SIZE, -1));
        assertTrue(e.getMessage().contains("spinNanos"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void taskFromAnotherThreadWakesASleepingLoop(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(1, ring);
        try {
            UepollEventLoop loop = (UepollEventLoop) group.next();
            loop.submit(() -> { }).sync();
            Thread.sleep(100); // the loop is asleep in the kernel now, with no deadline
            long wakeupsBefore = loop.counters().getWakeupsWritten();
            long start = System.nanoTime();
            loop.submit(() -> { }).sync();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis < 1000, "the sleeping loop ran the task promptly: " + tookMillis + " ms");
            assertTrue(loop.counters().getWakeupsWritten() > wakeupsBefore, "the task wrote a wakeup");

            // From inside the loop a task needs no wakeup.
            long wakeupsInLoop = loop.submit(() -> {
                long before = loop.counters().getWakeupsWritten();
                loop.execute(() -> { });
                return loop.counters().getWakeupsWritten() - before;
            }).get();
            assertEquals(0, wakeupsInLoop);
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void scheduledTasksFireOnTimeWithSubMillisecondDelays(UepollRing ring) throws Exception {
        assumeRing(ring);
        UepollEventLoopGroup group = new UepollEventLoopGroup(1, ring);
        try {
            EventLoop loop = group.next();
            for (long delayMicros : new long[] {300, 2_000, 20_000}) {
                long start = System.nanoTime();
                long firedAt = loop.schedule(System::nanoTime, delayMicros, TimeUnit.MICROSECONDS).get();
                long tookMicros = TimeUnit.NANOSECONDS.toMicros(firedAt - start);
                assertTrue(tookMicros >= delayMicros, "fired early: " + tookMicros + " us < " + delayMicros);
                assertTrue(tookMicros < delayMicros + 200_000, "fired late: " + tookMicros + " us for " + delayMicros);
            }
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void countersArePublishedOverJmxWhileTheLoopLives(UepollRing ring) throws Exception {
        assumeRing(ring);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, UepollIoHandler.newFactory(ring));
        ObjectName pattern = new ObjectName("io.uepoll:type=UepollIoHandler,*");
        try {
            group.submit(() -> { }).sync();
            boolean found = ManagementFactory.getPlatformMBeanServer().queryNames(pattern, null).stream()
                    .anyMatch(name -> {
                        try {
                            return ring.name().equals(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Ring"));
                        } catch (Exception e) {
                            return false;
                        }
                    });
            assertTrue(found, "an MBean reports the " + ring + " ring");
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void everyLoopOfEveryGroupHasItsOwnMBeanFromCreation(UepollRing ring) throws Exception {
        assumeRing(ring);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName pattern = new ObjectName("io.uepoll:type=UepollIoHandler,*");
        Set<ObjectName> before = server.queryNames(pattern, null);
        // Two groups of two loops; no loop has run a task yet, so none has started its thread.
        MultiThreadIoEventLoopGroup a = new MultiThreadIoEventLoopGroup(2, UepollIoHandler.newFactory(ring));
        UepollEventLoopGroup b = new UepollEventLoopGroup(2, ring);
        try {
            Set<ObjectName> added = new HashSet<>(server.queryNames(pattern, null));
            added.removeAll(before);
            assertEquals(4, added.size(), "one MBean per created loop: " + added);
            Set<String> groups = new HashSet<>();
            for (ObjectName name : added) {
                assertNotNull(name.getKeyProperty("loop"), name.toString());
                groups.add(name.getKeyProperty("group"));
            }
            assertEquals(2, groups.size(), "the group is part of the name: " + added);

            // The same counters without JMX, by group and by loop.
            List<UepollCounters> ofA = UepollCounters.of(a);
            assertEquals(2, ofA.size());
            for (UepollCounters counters : ofA) {
                assertEquals(ring.name(), counters.getRing());
            }
            EventLoop loop = b.next();
            assertSame(((UepollEventLoop) loop).counters(), UepollCounters.of(loop));
            assertThrows(IllegalArgumentException.class, () -> UepollCounters.of(GlobalEventExecutor.INSTANCE));
        } finally {
            a.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
            b.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
        Set<ObjectName> after = new HashSet<>(server.queryNames(pattern, null));
        after.removeAll(before);
        assertTrue(after.isEmpty(), "MBeans left after shutdown: " + after);
    }

    /** Sends the next 8-byte request as soon as the previous reply is complete. */
    static final class PingPong extends ChannelInboundHandlerAdapter {
        final CountDownLatch done = new CountDownLatch(1);
        private final int requests;
        private long bytes;
        volatile int replies;

        PingPong(int requests) {
            this.requests = requests;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytes += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
            if (bytes % 8 != 0) {
                return;
            }
            replies = (int) (bytes / 8);
            if (replies == requests) {
                done.countDown();
            } else {
                ctx.writeAndFlush(Unpooled.copyLong(replies));
            }
        }
    }

    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
