package io.uepoll.microbench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollDataPath;
import io.uepoll.channel.UepollIoHandler;
import io.uepoll.channel.UepollRing;
import io.uepoll.channel.UepollServerSocketChannel;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The transports the benchmark compares: only the IoHandler factory and the channel class differ. */
enum Transport {
    NIO("nio", NioServerSocketChannel.class, NioIoHandler::newFactory),
    EPOLL("epoll", EpollServerSocketChannel.class, EpollIoHandler::newFactory),
    IO_URING("io_uring", IoUringServerSocketChannel.class, IoUringIoHandler::newFactory),
    /** Netty io_uring with its provided-buffer ring and multishot recv: its best configuration. */
    IO_URING_BUFRING("io_uring-bufring", IoUringServerSocketChannel.class, Transport::nettyBufferRingFactory),
    /** USERPOLL with the default data path: its sends go through a paired io_uring, receives are syscalls. */
    UEPOLL_USERPOLL("uepoll-userpoll", UepollServerSocketChannel.class, () -> UepollIoHandler.newFactory(UepollRing.USERPOLL)),
    /** USERPOLL with direct send/recv syscalls: the seed's ABI against EPOLL_WAIT, everything else equal. */
    UEPOLL_USERPOLL_DIRECT("uepoll-userpoll-direct", UepollServerSocketChannel.class, () -> UepollIoHandler.newFactory(
            UepollRing.USERPOLL, UepollIoHandler.DEFAULT_RING_SIZE, 0, UepollDataPath.DIRECT)),
    UEPOLL_IO_URING("uepoll-io_uring", UepollServerSocketChannel.class, () -> UepollIoHandler.newFactory(UepollRing.IO_URING)),
    /** IO_URING with data path ring, but its listener accepts with accept4 after readiness: what the ring's accept buys. */
    UEPOLL_IO_URING_ACCEPT4("uepoll-io_uring-accept4", UepollServerSocketChannel.class,
            () -> UepollIoHandler.newFactory(UepollRing.IO_URING), "-Dio.uepoll.ringAccept=false"),
    /** IO_URING with data path ring, but channels close with close(2) after remove's enter: what the ring's close buys. */
    UEPOLL_IO_URING_CLOSESYS("uepoll-io_uring-closesys", UepollServerSocketChannel.class,
            () -> UepollIoHandler.newFactory(UepollRing.IO_URING), "-Dio.uepoll.ringClose=false"),
    /** IO_URING with data path ring and an incremental buffer ring (many arrivals per buffer, 6.12+): what it buys. */
    UEPOLL_IO_URING_INCBUF("uepoll-io_uring-incbuf", UepollServerSocketChannel.class,
            () -> UepollIoHandler.newFactory(UepollRing.IO_URING), "-Dio.uepoll.bufferRing.incremental=true"),
    /** IO_URING for readiness only, direct recv/send syscalls: the data path before the ring carried it. */
    UEPOLL_IO_URING_DIRECT("uepoll-io_uring-direct", UepollServerSocketChannel.class, () -> UepollIoHandler.newFactory(
            UepollRing.IO_URING, UepollIoHandler.DEFAULT_RING_SIZE, 0, UepollDataPath.DIRECT)),
    /** IO_URING, data path ring with one-shot receives (no provided-buffer ring): what the buffer ring buys. */
    UEPOLL_IO_URING_ONESHOT("uepoll-io_uring-oneshot", UepollServerSocketChannel.class, () -> UepollIoHandler.newFactory(
            UepollRing.IO_URING, UepollIoHandler.DEFAULT_RING_SIZE, 0, UepollDataPath.RING, 0)),
    /** IO_URING with a bounded spin before each sleep (-Duepoll.bench.spinNanos, default 20 us). */
    UEPOLL_IO_URING_SPIN("uepoll-io_uring-spin", UepollServerSocketChannel.class, () -> UepollIoHandler.newFactory(
            UepollRing.IO_URING, UepollIoHandler.DEFAULT_RING_SIZE, Long.getLong("uepoll.bench.spinNanos", 20_000))),
    UEPOLL_EPOLL_WAIT("uepoll-epoll_wait", UepollServerSocketChannel.class, () -> UepollIoHandler.newFactory(UepollRing.EPOLL_WAIT)),
    /** Ours on {@link Uepoll#defaultRing()}: what a user gets without choosing. */
    UEPOLL("uepoll", UepollServerSocketChannel.class, UepollIoHandler::newFactory);

    final String id;
    final Class<? extends ServerChannel> serverChannel;
    private final Supplier<IoHandlerFactory> factory;
    /** JVM options the server process of this transport needs (system properties of ours). */
    final List<String> jvmOptions;

    Transport(String id, Class<? extends ServerChannel> serverChannel, Supplier<IoHandlerFactory> factory,
              String... jvmOptions) {
        this.id = id;
        this.serverChannel = serverChannel;
        this.factory = factory;
        this.jvmOptions = List.of(jvmOptions);
    }

    static Transport of(String id) {
        for (Transport t : values()) {
            if (t.id.equals(id.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Transport t : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(t.id);
        }
        throw new IllegalArgumentException("unknown transport '" + id + "'; known: " + known);
    }

    /** The buffer group Netty io_uring's accepted channels receive into (IO_URING_BUFRING). */
    private static final short BUFFER_GROUP = 1;

    private static IoHandlerFactory nettyBufferRingFactory() {
        IoUringBufferRingConfig ring = IoUringBufferRingConfig.builder()
                .bufferGroupId(BUFFER_GROUP).bufferRingSize((short) 1024).batchSize(64)
                .allocator(new IoUringFixedBufferRingAllocator(4096)).incremental(false).build();
        return IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setBufferRingConfig(ring));
    }

    /** Options a transport needs on its accepted channels (Netty io_uring's buffer ring is chosen per channel). */
    void configureChildren(ServerBootstrap bootstrap) {
        if (this == IO_URING_BUFRING) {
            bootstrap.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP);
        }
    }

    /** One of ours, on any ring. */
    boolean isUepoll() {
        return serverChannel == UepollServerSocketChannel.class;
    }

    /** Whether this transport can run on this machine (the Netty natives load, the ring exists). */
    boolean isAvailable() {
        switch (this) {
            case EPOLL: return io.netty.channel.epoll.Epoll.isAvailable();
            case IO_URING:
            case IO_URING_BUFRING: return io.netty.channel.uring.IoUring.isAvailable();
            case UEPOLL_USERPOLL:
            case UEPOLL_USERPOLL_DIRECT: return Uepoll.isAvailable() && Uepoll.isRingAvailable(UepollRing.USERPOLL);
            case UEPOLL_IO_URING:
            case UEPOLL_IO_URING_ACCEPT4:
            case UEPOLL_IO_URING_INCBUF:
            case UEPOLL_IO_URING_CLOSESYS:
            case UEPOLL_IO_URING_DIRECT:
            case UEPOLL_IO_URING_ONESHOT:
            case UEPOLL_IO_URING_SPIN: return Uepoll.isAvailable() && Uepoll.isRingAvailable(UepollRing.IO_URING);
            case UEPOLL_EPOLL_WAIT: return Uepoll.isAvailable() && Uepoll.isRingAvailable(UepollRing.EPOLL_WAIT);
            case UEPOLL: return Uepoll.isAvailable();
            default: return true;
        }
    }

    /** Why {@link #isAvailable()} is false, for messages; null when available. */
    String unavailabilityReason() {
        if (isAvailable()) {
            return null;
        }
        Throwable cause;
        switch (this) {
            case EPOLL: cause = io.netty.channel.epoll.Epoll.unavailabilityCause(); break;
            case IO_URING:
            case IO_URING_BUFRING: cause = io.netty.channel.uring.IoUring.unavailabilityCause(); break;
            case UEPOLL_USERPOLL:
            case UEPOLL_USERPOLL_DIRECT: cause = ringCause(UepollRing.USERPOLL); break;
            case UEPOLL_IO_URING:
            case UEPOLL_IO_URING_ACCEPT4:
            case UEPOLL_IO_URING_INCBUF:
            case UEPOLL_IO_URING_CLOSESYS:
            case UEPOLL_IO_URING_DIRECT:
            case UEPOLL_IO_URING_ONESHOT:
            case UEPOLL_IO_URING_SPIN: cause = ringCause(UepollRing.IO_URING); break;
            case UEPOLL_EPOLL_WAIT: cause = ringCause(UepollRing.EPOLL_WAIT); break;
            default: cause = Uepoll.unavailabilityCause(); break;
        }
        return cause == null ? "unavailable" : String.valueOf(cause.getMessage());
    }

    private static Throwable ringCause(UepollRing ring) {
        return Uepoll.isAvailable() ? Uepoll.ringUnavailabilityCause(ring) : Uepoll.unavailabilityCause();
    }

    /** A human-readable name for tables and charts. */
    String displayName() {
        switch (this) {
            case NIO: return "Netty NIO";
            case EPOLL: return "Netty epoll";
            case IO_URING: return "Netty io_uring";
            case IO_URING_BUFRING: return "Netty io_uring+bufring";
            case UEPOLL_USERPOLL: return "uepoll USERPOLL";
            case UEPOLL_USERPOLL_DIRECT: return "uepoll USERPOLL direct";
            case UEPOLL_IO_URING: return "uepoll IO_URING";
            case UEPOLL_IO_URING_DIRECT: return "uepoll IO_URING direct";
            case UEPOLL_IO_URING_ACCEPT4: return "uepoll IO_URING, accept4";
            case UEPOLL_IO_URING_INCBUF: return "uepoll IO_URING, incremental bufring";
            case UEPOLL_IO_URING_CLOSESYS: return "uepoll IO_URING, close(2)";
            case UEPOLL_IO_URING_ONESHOT: return "uepoll IO_URING one-shot recv";
            case UEPOLL_IO_URING_SPIN: return "uepoll IO_URING+spin";
            case UEPOLL_EPOLL_WAIT: return "uepoll EPOLL_WAIT";
            default: return "uepoll (default ring)";
        }
    }

    /** The client channel of this transport's family. */
    Class<? extends io.netty.channel.Channel> socketChannel() {
        if (serverChannel == EpollServerSocketChannel.class) {
            return io.netty.channel.epoll.EpollSocketChannel.class;
        }
        if (serverChannel == IoUringServerSocketChannel.class) {
            return io.netty.channel.uring.IoUringSocketChannel.class;
        }
        if (serverChannel == NioServerSocketChannel.class) {
            return io.netty.channel.socket.nio.NioSocketChannel.class;
        }
        return io.uepoll.channel.UepollSocketChannel.class;
    }

    EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name), factory.get());
    }

    /** Returns {@code id} when it names a transport; throws naming the known ones otherwise. */
    static String checkId(String id) {
        of(id);
        return id;
    }
}
