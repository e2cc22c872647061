package io.uepoll.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.PeerCredentials;
import io.netty.channel.unix.Socket;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.uepoll.channel.EventLoopTestSupport.assumeRing;
import static org.junit.jupiter.api.Assertions.*;

/** Unix-domain stream sockets on each ring: fd passing, credentials, abstract names, half-close, bad input. */
class DomainSocketTest {
    private EventLoopGroup group;

    @AfterEach
    void shutdown() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    private EventLoopGroup group(UepollRing ring) {
        assumeRing(ring);
        group = new UepollEventLoopGroup(1, ring);
        return group;
    }

    static DomainSocketAddress newPath() {
        return new DomainSocketAddress(new File(System.getProperty("java.io.tmpdir"),
                "uepoll-" + UUID.randomUUID().toString().substring(0, 8) + ".sock"));
    }

    private Channel server(EventLoopGroup group, DomainSocketAddress address, ChannelInboundHandlerAdapter child)
            throws InterruptedException {
        return new ServerBootstrap().group(group).channel(UepollServerDomainSocketChannel.class)
                .childHandler(child).bind(address).sync().channel();
    }

    private Bootstrap client(EventLoopGroup group, ChannelInboundHandlerAdapter handler) {
        return new Bootstrap().group(group).channel(UepollDomainSocketChannel.class).handler(handler);
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void pipeEndPassedOverTheSocketWritesIntoThePipe(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        FileDescriptor[] pipe = FileDescriptor.pipe(); // [0] read end, [1] write end
        Channel server = server(group, newPath(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(pipe[1]);
            }
        });
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel client = client(group, new Collect(received))
                .option(UepollChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
                .connect(server.localAddress()).sync().channel();
        try {
            Object msg = received.poll(10, TimeUnit.SECONDS);
            assertInstanceOf(FileDescriptor.class, msg, String.valueOf(msg));
            FileDescriptor passed = (FileDescriptor) msg;
            assertNotEquals(pipe[1].intValue(), passed.intValue(), "the kernel installs a new descriptor");
            ByteBuffer hello = ByteBuffer.allocateDirect(5).put("hello".getBytes(CharsetUtil.US_ASCII)).flip();
            assertEquals(5, passed.write(hello, 0, 5));
            passed.close();
            ByteBuffer in = ByteBuffer.allocateDirect(16);
            int n = pipe[0].read(in, 0, 16);
            assertEquals(5, n);
            byte[] bytes = new byte[5];
            in.get(0, bytes);
            assertEquals("hello", new String(bytes, CharsetUtil.US_ASCII));
        } finally {
            client.close().sync();
            server.close().sync();
            pipe[0].close();
            pipe[1].close();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void closedDescriptorFailsTheWriteAndTheChannelCarriesOn(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel server = server(group, newPath(), new Collect(received));
        Channel client = client(group, new ChannelInboundHandlerAdapter()).connect(server.localAddress()).sync().channel();
        FileDescriptor[] pipe = FileDescriptor.pipe();
        pipe[1].close();
        // Above any RLIMIT_NOFILE, so never open (a just-closed number may be reused by class loading).
        int closedNumber = Integer.MAX_VALUE - 1;
        try {
            // Closed through the FileDescriptor object, and a raw number that is not open.
            Throwable cause = client.writeAndFlush(pipe[1]).await().cause();
            assertInstanceOf(IllegalArgumentException.class, cause);
            assertTrue(cause.getMessage().contains("closed"), cause.getMessage());
            cause = client.writeAndFlush(new FileDescriptor(closedNumber)).await().cause();
            assertInstanceOf(IllegalArgumentException.class, cause);
            assertTrue(cause.getMessage().contains("Bad file descriptor"), cause.getMessage());
            assertTrue(client.isActive());
            client.writeAndFlush(Unpooled.copiedBuffer("still here", CharsetUtil.US_ASCII)).sync();
            assertEquals("still here", received.poll(10, TimeUnit.SECONDS));
        } finally {
            pipe[0].close();
            client.close().sync();
            server.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void peerCredentialsAreThisProcess(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel server = server(group, newPath(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) throws IOException {
                received.add(((UepollDomainSocketChannel) ctx.channel()).peerCredentials());
            }
        });
        UepollDomainSocketChannel client = (UepollDomainSocketChannel) client(group, new ChannelInboundHandlerAdapter())
                .connect(server.localAddress()).sync().channel();
        try {
            long pid = ProcessHandle.current().pid();
            int uid = statusId("Uid:");
            int gid = statusId("Gid:");
            for (PeerCredentials credentials : new PeerCredentials[] {
                    client.peerCredentials(), (PeerCredentials) received.poll(10, TimeUnit.SECONDS)}) {
                assertEquals(pid, credentials.pid());
                assertEquals(uid, credentials.uid());
                assertArrayEquals(new int[] {gid}, credentials.gids());
            }
        } finally {
            client.close().sync();
            server.close().sync();
        }
    }

    /** The real id from /proc/self/status ("Uid:	real	effective	saved	fs"); SO_PEERCRED reports the effective one. */
    private static int statusId(String field) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Integer.parseInt(line.substring(field.length()).trim().split("\\s+")[1]);
            }
        }
        throw new IllegalStateException(field + " not in /proc/self/status");
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void abstractNamesKeepEveryByte(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        DomainSocketAddress name = new DomainSocketAddress("\0uepoll-" + UUID.randomUUID());
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Channel server = server(group, name, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                received.add(ctx.channel().localAddress());
                received.add(ctx.channel().remoteAddress());
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
            }
        });
        BlockingQueue<Object> echoed = new LinkedBlockingQueue<>();
        Channel client = client(group, new Collect(echoed)).connect(name).sync().channel();
        try {
            assertFalse(new File(name.path().substring(1)).exists());
            assertEquals(name, server.localAddress());
            assertEquals(name, client.remoteAddress());
            assertEquals(name, received.poll(10, TimeUnit.SECONDS), "an accepted socket's own name");
            assertEquals(new DomainSocketAddress(""), received.poll(10, TimeUnit.SECONDS), "an unbound client is unnamed");
            client.writeAndFlush(Unpooled.copiedBuffer("ping", CharsetUtil.US_ASCII));
            assertEquals("ping", echoed.poll(10, TimeUnit.SECONDS));
        } finally {
            client.close().sync();
            server.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void halfCloseLetsTheOtherSideAnswer(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        Channel server = new ServerBootstrap().group(group).channel(UepollServerDomainSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    private int bytes;

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        bytes += ((ByteBuf) msg).readableBytes();
                        ((ByteBuf) msg).release();
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt == ChannelInputShutdownEvent.INSTANCE) {
                            ctx.writeAndFlush(Unpooled.copiedBuffer("got " + bytes, CharsetUtil.US_ASCII))
                                    .addListener(f -> ctx.close());
                        }
                    }
                }).bind(newPath()).sync().channel();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        UepollDomainSocketChannel client = (UepollDomainSocketChannel) client(group, new Collect(received))
                .connect(server.localAddress()).sync().channel();
        try {
            client.writeAndFlush(Unpooled.copiedBuffer("12345", CharsetUtil.US_ASCII)).sync();
            client.shutdownOutput().sync();
            assertTrue(client.isOutputShutdown());
            assertEquals("got 5", received.poll(10, TimeUnit.SECONDS));
            assertTrue(client.closeFuture().await(10, TimeUnit.SECONDS), "closed after the server closed");
        } finally {
            client.close().sync();
            server.close().sync();
        }
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void pathLongerThanSunPathIsRefusedAndTheChannelStaysUsable(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        DomainSocketAddress tooLong = new DomainSocketAddress("/tmp/" + "x".repeat(200));
        UepollServerDomainSocketChannel server = new UepollServerDomainSocketChannel();
        group.register(server).sync();
        Throwable cause = server.bind(tooLong).await().cause();
        assertInstanceOf(IllegalArgumentException.class, cause);
        assertTrue(cause.getMessage().contains("sun_path"), cause.getMessage());
        assertTrue(server.isOpen());
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        server.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                Channel child = (Channel) msg;
                child.pipeline().addLast(new Collect(received));
                ctx.channel().eventLoop().register(child);
            }
        });
        DomainSocketAddress path = newPath();
        server.bind(path).sync();

        UepollDomainSocketChannel client = new UepollDomainSocketChannel();
        group.register(client).sync();
        cause = client.connect(tooLong).await().cause();
        assertInstanceOf(IllegalArgumentException.class, cause);
        assertTrue(client.isOpen());
        client.connect(path).sync();
        client.writeAndFlush(Unpooled.copiedBuffer("after", CharsetUtil.US_ASCII)).sync();
        assertEquals("after", received.poll(10, TimeUnit.SECONDS));
        client.close().sync();
        server.close().sync();
        assertFalse(new File(path.path()).exists(), "the server deletes the socket file it made");
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void adoptsAConnectedDescriptor(UepollRing ring) throws Exception {
        EventLoopGroup group = group(ring);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        DomainSocketAddress path = newPath();
        Channel server = server(group, path, new Collect(received));
        Socket raw = Socket.newSocketDomain();
        assertTrue(raw.connect(path));
        UepollDomainSocketChannel adopted = new UepollDomainSocketChannel(raw.intValue());
        assertTrue(adopted.isActive());
        assertEquals(path, adopted.remoteAddress());
        group.register(adopted).sync();
        try {
            adopted.writeAndFlush(Unpooled.copiedBuffer("adopted", CharsetUtil.US_ASCII)).sync();
            assertEquals("adopted", received.poll(10, TimeUnit.SECONDS));
        } finally {
            adopted.close().sync();
            server.close().sync();
        }
    }

    /** Queues what arrives: strings for bytes, everything else as it came. */
    private static final class Collect extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<Object> queue;

        Collect(BlockingQueue<Object> queue) {
            this.queue = queue;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf) {
                queue.add(((ByteBuf) msg).toString(CharsetUtil.US_ASCII));
                ((ByteBuf) msg).release();
            } else {
                queue.add(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            queue.add(cause);
        }
    }
}
