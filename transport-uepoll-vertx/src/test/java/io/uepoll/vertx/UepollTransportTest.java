package io.uepoll.vertx;

import io.netty.channel.Channel;
import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollChannelOption;
import io.uepoll.channel.UepollDomainSocketChannel;
import io.uepoll.channel.UepollRing;
import io.uepoll.channel.UepollServerDomainSocketChannel;
import io.uepoll.channel.UepollServerSocketChannel;
import io.uepoll.channel.UepollSocketChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Vert.x's own HTTP server, HTTP client and datagram socket on each ring, through the transport SPI. */
@Timeout(60)
class UepollTransportTest {
    private static final int REQUESTS = 3;
    private static final int USER_TIMEOUT_MILLIS = 7_000;

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void httpServerAndClientRunOnOurTcpChannels(UepollRing ring) throws Exception {
        Vertx vertx = start(ring);
        List<Channel> serverSide = new CopyOnWriteArrayList<>();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                        .setReusePort(true).setTcpFastOpen(true).setTcpQuickAck(true))
                .requestHandler(request -> {
                    serverSide.add(channelOf(request.connection()));
                    request.response().end("hello " + request.path());
                });
        int port = await(server.listen(0, "127.0.0.1")).actualPort();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setTcpUserTimeout(USER_TIMEOUT_MILLIS));
        List<Channel> clientSide = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Reply reply = await(get(client, new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/r" + i)));
            assertEquals(200, reply.status());
            assertEquals("hello /r" + i, reply.body());
            clientSide.add(reply.channel());
        }
        assertEquals(REQUESTS, serverSide.size());
        for (Channel channel : serverSide) {
            assertInstanceOf(UepollSocketChannel.class, channel);
            Channel listener = channel.parent();
            assertInstanceOf(UepollServerSocketChannel.class, listener);
            assertTrue(listener.config().getOption(UepollChannelOption.SO_REUSEPORT), "SO_REUSEPORT on the listener");
            assertEquals(LinuxOptions.PENDING_FAST_OPEN_REQUESTS, listener.config().getOption(UepollChannelOption.TCP_FASTOPEN));
        }
        for (Channel channel : clientSide) {
            assertInstanceOf(UepollSocketChannel.class, channel);
            assertEquals(USER_TIMEOUT_MILLIS, channel.config().getOption(UepollChannelOption.TCP_USER_TIMEOUT));
        }
        await(client.close());
        await(server.close());
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void httpOverAUnixDomainSocket(UepollRing ring, @TempDir Path dir) throws Exception {
        Vertx vertx = start(ring);
        SocketAddress address = SocketAddress.domainSocketAddress(dir.resolve("http.sock").toString());
        List<Channel> serverSide = new CopyOnWriteArrayList<>();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            serverSide.add(channelOf(request.connection()));
            request.response().end("over " + request.path());
        });
        await(server.listen(address));
        HttpClient client = vertx.createHttpClient();
        Reply reply = await(get(client, new RequestOptions().setServer(address).setHost("localhost").setURI("/unix")));
        assertEquals("over /unix", reply.body());
        assertInstanceOf(UepollDomainSocketChannel.class, reply.channel());
        assertEquals(1, serverSide.size());
        assertInstanceOf(UepollDomainSocketChannel.class, serverSide.get(0));
        assertInstanceOf(UepollServerDomainSocketChannel.class, serverSide.get(0).parent());
        await(client.close());
        await(server.close());
    }

    /** Two receivers share one port only when SO_REUSEPORT reached the socket; either may get the datagram. */
    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void datagramsReachReceiversSharingAPort(UepollRing ring) throws Exception {
        Vertx vertx = start(ring);
        CompletableFuture<DatagramPacket> received = new CompletableFuture<>();
        DatagramSocketOptions reusePort = new DatagramSocketOptions().setReusePort(true);
        DatagramSocket first = vertx.createDatagramSocket(reusePort).handler(received::complete);
        int port = await(first.listen(0, "127.0.0.1")).localAddress().port();
        DatagramSocket second = vertx.createDatagramSocket(reusePort).handler(received::complete);
        await(second.listen(port, "127.0.0.1"));
        DatagramSocket sender = vertx.createDatagramSocket();
        await(sender.send(Buffer.buffer("ping over " + ring), port, "127.0.0.1"));
        assertEquals("ping over " + ring, received.get(10, TimeUnit.SECONDS).data().toString());
        await(sender.close());
        await(second.close());
        await(first.close());
    }

    @Test
    void aRingThisKernelLacksLeavesVertxOnNio() throws Exception {
        assumeFalse(Uepoll.isRingAvailable(UepollRing.USERPOLL), "USERPOLL works here, so nothing falls back");
        Transport transport = UepollTransport.create(UepollRing.USERPOLL);
        assertFalse(transport.available());
        assertNotNull(transport.unavailabilityCause());
        vertx = Vertx.builder().withTransport(transport).build();
        assertFalse(vertx.isNativeTransportEnabled());
        assertSame(transport.unavailabilityCause(), vertx.unavailableNativeTransportCause());
    }

    /** Closed after each test, so a failing assertion cannot leak its event loops into the next. */
    private Vertx vertx;

    @AfterEach
    void closeVertx() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    private Vertx start(UepollRing ring) {
        assumeTrue(Uepoll.isRingAvailable(ring),
                () -> ring + " is not available on this kernel: " + Uepoll.ringUnavailabilityCause(ring));
        Transport transport = UepollTransport.create(ring);
        vertx = Vertx.builder().withTransport(transport).build();
        assertTrue(vertx.isNativeTransportEnabled(), () -> "Vert.x fell back: " + vertx.unavailableNativeTransportCause());
        assertSame(transport.implementation(), ((VertxInternal) vertx).transport());
        return vertx;
    }

    /**
     * The whole exchange runs on a Vert.x context. Composed from the test thread, a callback attached
     * after its future completed runs on the test thread, racing the loop: {@code body()} could then be
     * asked for after the body was delivered, and the test would hang (seen about once in 20 runs, on
     * Netty's own epoll and NIO transports as on ours).
     */
    private Future<Reply> get(HttpClient client, RequestOptions options) {
        Promise<Reply> reply = Promise.promise();
        vertx.getOrCreateContext().runOnContext(ignored -> client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body ->
                        new Reply(response.statusCode(), body.toString(), channelOf(response.request().connection()))))
                .onComplete(reply));
        return reply.future();
    }

    private record Reply(int status, String body, Channel channel) {
    }

    /** The Netty channel under a Vert.x connection (Vert.x's implementation class, for this check only). */
    private static Channel channelOf(HttpConnection connection) {
        return ((ConnectionBase) connection).channel();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
