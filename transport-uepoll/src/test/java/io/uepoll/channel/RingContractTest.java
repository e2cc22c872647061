package io.uepoll.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static io.uepoll.channel.AbuseSupport.*;
import static io.uepoll.channel.EventLoopTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The data path contract of issue 11 on every {@link IoSetup}: a completion-queue overflow with sends in
 * flight, a close with a send in flight, a shutdownOutput right behind a send, auto-read flipping while
 * receives are in flight ({@link FaultResetDuringWriteTest}: a reset in the middle of a send). On
 * IO_URING_RING the bytes move as ring requests, and each test also checks, from the loop's counters,
 * that the request it is about really was in flight; the direct setups must hold the same contract.
 * Buffer-ring exhaustion and multishot receive are not here: the transport has neither yet.
 */
class RingContractTest {
    private static final int KIB = 1024;
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    // ---- completion-queue overflow ---------------------------------------------------------------

    private static final int TINY_RING = 16;
    private static final int SENDERS = 64;
    private static final long PER_SENDER = MIB / 2;

    @ParameterizedTest
    // USERPOLL's ring size bounds its fds too: 16 items cannot hold 64 connections.
    @EnumSource(value = IoSetup.class, names = {"USERPOLL", "USERPOLL_RING"}, mode = EnumSource.Mode.EXCLUDE)
    void completionQueueOverflowWithSendsInFlightLosesNoByteAndLeaksNoBuffer(IoSetup setup) throws Exception {
        UepollEventLoopGroup senders = setup.group(TINY_RING);
        UepollEventLoopGroup receivers = setup.group(TINY_RING);
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        try {
            List<ChannelHandlerContext> sending = new CopyOnWriteArrayList<>();
            Channel server = new ServerBootstrap().group(senders).channel(UepollServerSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false) // no receives: the loop's only ring requests are sends
                    .childOption(ChannelOption.ALLOCATOR, alloc)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            PatternSource source = new PatternSource(PER_SENDER, false);
                            ch.pipeline().addLast(source);
                            sending.add(ch.pipeline().context(source));
                        }
                    }).bind(LOOPBACK).sync().channel();
            List<PatternSink> sinks = new ArrayList<>();
            List<Channel> clients = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                PatternSink sink = new PatternSink(PER_SENDER);
                sinks.add(sink);
                clients.add(client(receivers, sink).option(ChannelOption.ALLOCATOR, alloc)
                        .connect(server.localAddress()).sync().channel());
            }
            assertTrue(eventually(10_000, () -> sending.size() == SENDERS), "every connection accepted");

            UepollCounters counters = UepollCounters.of(senders.next());
            long overflowsBefore = counters.getRingOverflows();
            // One loop task starts every sender: SENDERS sends at once through a ring whose CQ holds TINY_RING.
            long inFlight = senders.next().submit(() -> {
                for (ChannelHandlerContext ctx : sending) {
                    ((PatternSource) ctx.handler()).pump(ctx);
                }
                return ringRequestsInFlight(counters);
            }).get(10, TimeUnit.SECONDS);
            assertEquals(setup.sendsThroughRing() ? SENDERS : 0, inFlight, "sends in flight at once: " + counters);

            for (int i = 0; i < SENDERS; i++) {
                assertEquals(PER_SENDER, sinks.get(i).done.get(30, TimeUnit.SECONDS), "stream " + i + " whole");
                assertEquals(PER_SENDER, ((PatternSource) sending.get(i).handler()).done.get(5, TimeUnit.SECONDS));
            }
            System.out.printf("%s: %d sends in flight at once, sender %s%n", setup, inFlight, counters);
            if (setup.sendsThroughRing()) {
                assertTrue(counters.getRingOverflows() > overflowsBefore,
                        "the completion queue overflowed with the sends in flight: " + counters);
            }
            for (Channel client : clients) {
                client.close().sync();
            }
            for (ChannelHandlerContext ctx : sending) {
                assertTrue(ctx.channel().closeFuture().await(10, TimeUnit.SECONDS), "the sender saw the close");
            }
            assertAllReleased(alloc);
            assertEquals(0, counters.getLoopExceptions(), counters.toString());
            assertEquals(0, UepollCounters.of(receivers.next()).getLoopExceptions());
        } finally {
            shutdown(receivers, senders);
        }
    }

    // ---- close with a send in flight -------------------------------------------------------------

    private static final int SLICE = 8 * 1024;
    private static final int SLICES = 16 * MIB / SLICE;

    /** Where the close of a channel with unsent bytes comes from. */
    enum CloseFrom {
        /** close() from the test thread while a send (and a receive) wait in the kernel. */
        ANOTHER_THREAD,
        /** The listener of the first write closes: inside the accounting of the send that completed it. */
        A_WRITE_LISTENER,
        /** channelRead closes: inside a receive's completion, while the send waits in the kernel. */
        CHANNEL_READ
    }

    static Stream<Arguments> closeCases() {
        return everySetupWith(CloseFrom.values());
    }

    @ParameterizedTest
    @MethodSource("closeCases")
    void closeWithASendInFlightReleasesEveryBufferOnceAndDispatchesNothingAfterInactive(IoSetup setup, CloseFrom from)
            throws Exception {
        UepollEventLoopGroup group = setup.group();
        SharedChunk chunk = new SharedChunk(SLICE);
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true); // the receive buffers
        try {
            UepollCounters counters = UepollCounters.of(group.next());
            StuckSender sender = new StuckSender(chunk, from, counters);
            Channel server = new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOCATOR, alloc).childHandler(sender).bind(LOOPBACK).sync().channel();
            Channel echo = bindServer(group, new UepollEventLoopTest.EchoHandler());
            try (Socket peer = new Socket()) {
                peer.setReceiveBufferSize(4096); // it never reads: the channel's sends wait for room
                peer.connect(server.localAddress());
                Channel child = sender.child.get(10, TimeUnit.SECONDS);
                if (from != CloseFrom.A_WRITE_LISTENER) {
                    assertTrue(eventually(10_000, () -> !child.isWritable()
                                    && ringRequestsInFlight(counters) == ringRequestsWhenStuck(setup)),
                            "stuck: bytes queued, and on the ring a send (and a receive) in flight: " + counters);
                }
                if (from == CloseFrom.ANOTHER_THREAD) {
                    child.close();
                } else if (from == CloseFrom.CHANNEL_READ) {
                    peer.getOutputStream().write(new byte[64 * 1024]);
                }
                assertTrue(child.closeFuture().await(10, TimeUnit.SECONDS), "closed");
                if (from != CloseFrom.ANOTHER_THREAD) {
                    assertTrue(sender.pendingAtClose > 0, "bytes were still queued at the close");
                }
                if (from == CloseFrom.CHANNEL_READ && setup.sendsThroughRing()) {
                    // A multishot receive stays armed through channelRead; a one-shot one has completed.
                    long expected = setup.receivesThroughRing() && counters.isBufferRing() ? 2 : 1;
                    assertEquals(expected, sender.ringInFlightAtClose,
                            "the send (and a multishot receive) in flight at the close");
                }
            }
            if (setup.sendsThroughRing()) {
                assertTrue(eventually(10_000, () -> ringRequestsInFlight(counters) == 0),
                        "the send and the receive completed (canceled): " + counters);
            }
            chunk.assertEverySliceReleasedOnce();
            sender.assertWritesEnded();
            assertEquals(List.of(), sender.afterInactive, "nothing reached the channel after channelInactive");
            assertAllReleased(alloc);
            assertEquals(0, counters.getLoopExceptions(), "no double release, no completion on a closed channel");
            assertServes(group, echo);
        } finally {
            shutdown(group);
        }
    }

    /**
     * On accept: writes 16 MiB as slices of one chunk, to a peer that does not read, and closes as told.
     * Records anything that reaches it after channelInactive.
     */
    private static final class StuckSender extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Channel> child = new CompletableFuture<>();
        final List<ChannelFuture> writes = new ArrayList<>();
        final List<String> afterInactive = new CopyOnWriteArrayList<>();
        volatile long pendingAtClose = -1;
        volatile long ringInFlightAtClose = -1;
        private final SharedChunk chunk;
        private final CloseFrom from;
        private final UepollCounters counters;
        private boolean inactive;

        StuckSender(SharedChunk chunk, CloseFrom from, UepollCounters counters) {
            this.chunk = chunk;
            this.from = from;
            this.counters = counters;
        }

        @Override
        public boolean isSharable() {
            return true; // one connection per test
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            for (int i = 0; i < SLICES; i++) {
                writes.add(ctx.write(chunk.slice()));
            }
            if (from == CloseFrom.A_WRITE_LISTENER) {
                writes.get(0).addListener(f -> closeHere(ctx));
            }
            ctx.flush();
            child.complete(ctx.channel());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (inactive) {
                afterInactive.add("channelRead");
            } else if (from == CloseFrom.CHANNEL_READ) {
                closeHere(ctx);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (inactive) {
                afterInactive.add("channelReadComplete");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (inactive) {
                afterInactive.add("exceptionCaught: " + cause);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (inactive) {
                afterInactive.add("userEventTriggered: " + evt);
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
        }

        /** Closes on the loop, noting what was still queued and which ring requests were in flight. */
        private void closeHere(ChannelHandlerContext ctx) {
            if (pendingAtClose < 0) {
                ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
                pendingAtClose = out == null ? 0 : out.totalPendingWriteBytes();
                ringInFlightAtClose = ringRequestsInFlight(counters);
            }
            ctx.close();
        }

        void assertWritesEnded() throws InterruptedException {
            assertTrue(eventually(5_000, () -> writes.stream().allMatch(ChannelFuture::isDone)), "every write ended");
            assertNotNull(writes.get(writes.size() - 1).cause(), "the last write, cut off by the close, failed");
            if (from == CloseFrom.A_WRITE_LISTENER) {
                assertTrue(writes.get(0).isSuccess(), "the first write, whose listener closed, succeeded");
            }
        }
    }

    // ---- shutdownOutput right behind a send ------------------------------------------------------

    private static final int BIG_WRITE = 8 * MIB;

    /** Where a call comes from: a task on the channel's loop, or the test thread. */
    enum From { THE_LOOP, ANOTHER_THREAD }

    static Stream<Arguments> fromEitherSide() {
        return everySetupWith(From.values());
    }

    /**
     * Netty's shutdownOutput fails what is still in the outbound buffer (ChannelOutputShutdownException),
     * as on every transport; what the kernel took goes out before the FIN. So the peer gets exactly the
     * bytes the write reported as progress, then EOF. On the ring, the send queued by the flush is in
     * flight when the shutdown comes: the shutdown must wait for it (a FIN first would fail it, EPIPE,
     * and nothing would arrive).
     */
    @ParameterizedTest
    @MethodSource("fromEitherSide")
    void shutdownOutputRightAfterALargeWriteSendsWhatWasWrittenThenTheFin(IoSetup setup, From from)
            throws Exception {
        UepollEventLoopGroup group = setup.group();
        SharedChunk chunk = new SharedChunk(BIG_WRITE);
        try {
            UepollCounters counters = UepollCounters.of(group.next());
            CompletableFuture<Channel> accepted = new CompletableFuture<>();
            Channel server = new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false) // no receive in flight: only the send is
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            accepted.complete(ctx.channel());
                        }
                    }).bind(LOOPBACK).sync().channel();
            InetSocketAddress address = (InetSocketAddress) server.localAddress();
            try (Socket peer = new Socket(address.getAddress(), address.getPort())) {
                DuplexChannel child = (DuplexChannel) accepted.get(10, TimeUnit.SECONDS);
                ChannelProgressivePromise write = child.newProgressivePromise();
                AtomicLong progress = new AtomicLong();
                write.addListener(new ChannelProgressiveFutureListener() {
                    @Override
                    public void operationProgressed(ChannelProgressiveFuture f, long sent, long total) {
                        progress.set(sent);
                    }

                    @Override
                    public void operationComplete(ChannelProgressiveFuture f) {
                    }
                });
                ChannelFuture shutdown;
                long inFlightAtShutdown = -1;
                if (from == From.THE_LOOP) {
                    long[] inFlight = new long[1];
                    shutdown = child.eventLoop().submit(() -> {
                        child.writeAndFlush(chunk.slice(), write);
                        inFlight[0] = ringRequestsInFlight(counters);
                        return child.shutdownOutput();
                    }).get(10, TimeUnit.SECONDS);
                    inFlightAtShutdown = inFlight[0];
                } else {
                    child.writeAndFlush(chunk.slice(), write);
                    shutdown = child.shutdownOutput();
                }
                peer.setSoTimeout(10_000);
                long received = readPatternToEnd(peer.getInputStream());

                assertTrue(shutdown.await(5, TimeUnit.SECONDS) && shutdown.isSuccess(), "output shut: " + shutdown);
                assertTrue(write.await(5, TimeUnit.SECONDS), "the write ended");
                System.out.printf("%s from %s: %,d of %,d bytes before the FIN, %s%n", setup, from, received, BIG_WRITE,
                        write.isSuccess() ? "written" : write.cause());
                assertEquals(progress.get(), received, "the peer got exactly what the write reported sent: " + write);
                assertTrue(received > 0, "the send in flight at the shutdown went out before the FIN");
                if (write.isSuccess()) {
                    assertEquals(BIG_WRITE, received);
                } else {
                    assertInstanceOf(ChannelOutputShutdownException.class, write.cause());
                }
                if (from == From.THE_LOOP) {
                    assertEquals(setup.sendsThroughRing() ? 1 : 0, inFlightAtShutdown, "a send in flight at the shutdown");
                }
                assertTrue(child.isOpen() && child.isOutputShutdown(), "half-closed, still open");
            }
            chunk.assertEverySliceReleasedOnce();
            assertEquals(0, counters.getLoopExceptions(), counters.toString());
        } finally {
            shutdown(group);
        }
    }

    /** Reads to EOF, checking every byte against the pattern; returns how many came. */
    private static long readPatternToEnd(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long position = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            for (int i = 0; i < n; i++, position++) {
                if (buf[i] != patternAt(position)) {
                    fail("byte " + position + ": expected " + patternAt(position) + ", got " + buf[i]);
                }
            }
        }
        return position;
    }

    // ---- auto-read flipping while receives are in flight -----------------------------------------

    private static final long FLIPPED_STREAM = 16L * MIB;
    private static final int MIN_FLIPS = 50;

    /**
     * The reader's auto-read goes off and on again on the loop ({@link LoopFlipper}) and from another
     * thread (every ~100 µs) while the peer sends in bursts ({@link PacedSource}), so that receives wait
     * in the kernel and complete while auto-read is off (kept for the next read(), on the ring). Every
     * byte arrives, in order, none twice, and the stream never stalls.
     */
    @ParameterizedTest
    @EnumSource(IoSetup.class)
    void autoReadFlippedFromTheLoopAndAnotherThreadLosesAndRepeatsNoByte(IoSetup setup) throws Exception {
        UepollEventLoopGroup readers = setup.group();
        UepollEventLoopGroup writers = setup.group();
        try {
            PatternSink sink = new PatternSink(FLIPPED_STREAM);
            LoopFlipper loopFlipper = new LoopFlipper();
            CompletableFuture<Channel> accepted = new CompletableFuture<>();
            Channel server = new ServerBootstrap().group(readers).channel(UepollServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(loopFlipper, sink);
                            accepted.complete(ch);
                        }
                    }).bind(LOOPBACK).sync().channel();
            PacedSource source = new PacedSource(FLIPPED_STREAM);
            client(writers, source).connect(server.localAddress()).sync();
            Channel reader = accepted.get(10, TimeUnit.SECONDS);
            AtomicInteger threadFlips = new AtomicInteger();
            Thread flipper = new Thread(() -> {
                while (!sink.done.isDone() && reader.isActive()) {
                    reader.config().setAutoRead(false);
                    LockSupport.parkNanos(100_000);
                    reader.config().setAutoRead(true);
                    threadFlips.incrementAndGet();
                    LockSupport.parkNanos(100_000);
                }
            }, "auto-read flipper");
            flipper.start();
            try {
                assertEquals(FLIPPED_STREAM, sink.done.get(30, TimeUnit.SECONDS), "every byte, in order, once");
            } catch (TimeoutException e) {
                fail("stalled at " + sink.received() + " of " + FLIPPED_STREAM + " bytes, auto-read "
                        + reader.config().isAutoRead() + ", " + UepollCounters.of(readers.next()));
            } finally {
                flipper.join(5_000);
            }
            assertEquals(FLIPPED_STREAM, source.done.get(5, TimeUnit.SECONDS), "every write succeeded");
            System.out.printf("%s: auto-read flipped %s times on the loop, %s from a thread%n", setup, loopFlipper.flips,
                    threadFlips);
            assertTrue(loopFlipper.flips.get() >= MIN_FLIPS && threadFlips.get() >= MIN_FLIPS,
                    "auto-read flipped " + loopFlipper.flips + " times on the loop, " + threadFlips + " from a thread");
            UepollCounters counters = UepollCounters.of(readers.next());
            assertEquals(setup.receivesThroughRing(), counters.getRecvsSubmitted() > 0, "receives through the ring");
            assertEquals(0, counters.getLoopExceptions(), counters.toString());
        } finally {
            shutdown(writers, readers);
        }
    }

    /**
     * Auto-read goes off, on the loop, while a receive waits in the kernel for bytes (on the direct
     * setups: while IN is armed): bytes that come then do not enter the pipeline until read() asks,
     * and then arrive whole; auto-read on again, the stream goes on. (From another thread Netty's epoll
     * transport keeps a read() that is pending, as this one does: it cannot tell auto-read's from the
     * application's, so the next bytes may still come up once.)
     */
    @ParameterizedTest
    @EnumSource(IoSetup.class)
    void bytesThatComeAfterAutoReadWentOffWaitForRead(IoSetup setup) throws Exception {
        UepollEventLoopGroup group = setup.group();
        try {
            UepollCounters counters = UepollCounters.of(group.next());
            PatternSink sink = new PatternSink(2 * KIB);
            CompletableFuture<Channel> accepted = new CompletableFuture<>();
            Channel server = new ServerBootstrap().group(group).channel(UepollServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(sink);
                            accepted.complete(ch);
                        }
                    }).bind(LOOPBACK).sync().channel();
            InetSocketAddress address = (InetSocketAddress) server.localAddress();
            try (Socket peer = new Socket(address.getAddress(), address.getPort())) {
                Channel child = accepted.get(10, TimeUnit.SECONDS);
                if (setup.receivesThroughRing()) {
                    assertTrue(eventually(5_000, () -> ringRequestsInFlight(counters) == 1), "a receive waits: " + counters);
                }
                child.eventLoop().submit(() -> child.config().setAutoRead(false)).sync();
                peer.getOutputStream().write(patternBytes(0, KIB));
                if (setup.receivesThroughRing()) {
                    assertTrue(eventually(5_000, () -> ringRequestsInFlight(counters) == 0),
                            "the waiting receive completed with the bytes: " + counters);
                }
                Thread.sleep(200);
                assertEquals(0, sink.received(), "nothing read while auto-read is off and no read() asked");
                child.read();
                assertTrue(eventually(5_000, () -> sink.received() == KIB), "read() hands the bytes over");
                child.config().setAutoRead(true);
                peer.getOutputStream().write(patternBytes(KIB, KIB));
                assertEquals(2 * KIB, sink.done.get(5, TimeUnit.SECONDS), "the stream goes on, in order");
            }
            assertEquals(0, counters.getLoopExceptions(), counters.toString());
        } finally {
            shutdown(group);
        }
    }

    /**
     * Writes the pattern in bursts of 64 KiB from a task every 100 µs: between bursts the reader drains
     * the socket, and its next receive waits in the kernel for bytes.
     */
    private static final class PacedSource extends ChannelInboundHandlerAdapter {
        private static final int BURST = 64 * 1024;
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private final long total;
        private long written;

        PacedSource(long total) {
            this.total = total;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            burst(ctx);
        }

        private void burst(ChannelHandlerContext ctx) {
            int length = (int) Math.min(BURST, total - written);
            ChannelFuture write = ctx.writeAndFlush(patternChunk(ctx.alloc(), written, length));
            written += length;
            if (written < total) {
                ctx.executor().schedule(() -> burst(ctx), 100, TimeUnit.MICROSECONDS);
            } else {
                write.addListener(f -> {
                    if (f.isSuccess()) {
                        done.complete(total);
                    } else {
                        done.completeExceptionally(f.cause());
                    }
                });
            }
        }
    }

    /**
     * Flips auto-read on the loop: off from inside every third channelRead (the pass in progress ends
     * there) and on again 200 µs later; and between completions, from a task every 150 µs that turns
     * it off when it is on and on when it is off (a receive in flight then completes with it off).
     */
    private static final class LoopFlipper extends ChannelInboundHandlerAdapter {
        final AtomicInteger flips = new AtomicInteger();
        private int reads;

        @Override
        public boolean isSharable() {
            return true; // one connection per test
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ChannelConfig config = ctx.channel().config();
            ScheduledFuture<?> toggle = ctx.executor().scheduleAtFixedRate(() -> {
                config.setAutoRead(!config.isAutoRead());
                flips.incrementAndGet();
            }, 150, 150, TimeUnit.MICROSECONDS);
            ctx.channel().closeFuture().addListener(f -> toggle.cancel(false));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (++reads % 3 == 0) {
                ChannelConfig config = ctx.channel().config();
                config.setAutoRead(false);
                ctx.executor().schedule(() -> config.setAutoRead(true), 200, TimeUnit.MICROSECONDS);
                flips.incrementAndGet();
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** The arguments (setup, source) of a test run on every setup from every source. */
    private static Stream<Arguments> everySetupWith(Enum<?>[] sources) {
        return Arrays.stream(IoSetup.values())
                .flatMap(setup -> Arrays.stream(sources).map(source -> Arguments.of(setup, source)));
    }

    /** A channel whose peer does not read: its send waits, and on IO_URING a receive too. */
    private static long ringRequestsWhenStuck(IoSetup setup) {
        return (setup.sendsThroughRing() ? 1 : 0) + (setup.receivesThroughRing() ? 1 : 0);
    }

    /** Ring sends and receives submitted and not completed yet, on one loop. */
    static long ringRequestsInFlight(UepollCounters counters) {
        return counters.getSendsSubmitted() + counters.getRecvsSubmitted() - counters.getIoCompletions();
    }
}
