package io.uepoll.vertx;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.unix.DomainSocketAddress;
import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollDatagramChannel;
import io.uepoll.channel.UepollDomainSocketChannel;
import io.uepoll.channel.UepollIoHandler;
import io.uepoll.channel.UepollRing;
import io.uepoll.channel.UepollServerDomainSocketChannel;
import io.uepoll.channel.UepollServerSocketChannel;
import io.uepoll.channel.UepollSocketChannel;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;

import java.net.SocketAddress;

/**
 * Vert.x 5's transport SPI on the uepoll transport: the event loops, every channel kind Vert.x asks
 * for (TCP, UDP, Unix domain sockets) and the Linux options Vert.x gives its own epoll transport.
 * A Vert.x application switches with one builder call:
 * <pre>{@code Vertx vertx = Vertx.builder().withTransport(UepollTransport.create()).build();}</pre>
 * Vert.x quietly falls back to NIO when the transport it is given is unavailable; check
 * {@code vertx.isNativeTransportEnabled()} and {@code vertx.unavailableNativeTransportCause()}.
 */
public final class UepollTransport implements Transport {
    /** Vert.x's name for this transport ({@code io.vertx.core.transport.Transport#name()}). */
    public static final String NAME = "uepoll";

    /** Null: the ring {@link Uepoll#defaultRing()} picks (the {@value UepollRing#PROPERTY} property, else the best here). */
    private final UepollRing ring;

    private UepollTransport(UepollRing ring) {
        this.ring = ring;
    }

    /** The transport on the ring {@link Uepoll#defaultRing()} picks, ready for {@code VertxBuilder.withTransport}. */
    public static io.vertx.core.transport.Transport create() {
        return new VertxTransportHandle(new UepollTransport(null));
    }

    /** The transport pinned to {@code ring}; unavailable (so Vert.x uses NIO) where this kernel lacks the ring. */
    public static io.vertx.core.transport.Transport create(UepollRing ring) {
        if (ring == null) {
            throw new NullPointerException("ring (use create() for the default ring)");
        }
        return new VertxTransportHandle(new UepollTransport(ring));
    }

    @Override
    public boolean isAvailable() {
        return ring == null ? Uepoll.isAvailable() : Uepoll.isRingAvailable(ring);
    }

    @Override
    public Throwable unavailabilityCause() {
        return ring == null ? Uepoll.unavailabilityCause() : Uepoll.ringUnavailabilityCause(ring);
    }

    @Override
    public boolean supportsDomainSockets() {
        return true;
    }

    @Override
    public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
        return address.isDomainSocket() ? new DomainSocketAddress(address.path()) : Transport.super.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
        if (address instanceof DomainSocketAddress) {
            return io.vertx.core.net.SocketAddress.domainSocketAddress(((DomainSocketAddress) address).path());
        }
        return Transport.super.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return ring == null ? UepollIoHandler.newFactory() : UepollIoHandler.newFactory(ring);
    }

    @Override
    public DatagramChannel datagramChannel() {
        return new UepollDatagramChannel();
    }

    @Override
    @SuppressWarnings("deprecation") // the SPI still speaks InternetProtocolFamily
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
        return new UepollDatagramChannel(family.toSocketProtocolFamily());
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        return domainSocket ? UepollDomainSocketChannel::new : UepollSocketChannel::new;
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        return domainSocket ? UepollServerDomainSocketChannel::new : UepollServerSocketChannel::new;
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
        LinuxOptions.configure(channel, options);
        Transport.super.configure(channel, options);
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
        if (!domainSocket) {
            LinuxOptions.configure(options, bootstrap);
        }
        Transport.super.configure(options, domainSocket, bootstrap);
    }

    @Override
    public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
        if (!domainSocket) {
            LinuxOptions.configure(options, bootstrap);
        }
        Transport.super.configure(options, connectTimeout, domainSocket, bootstrap);
    }

    @Override
    public String toString() {
        return NAME + (ring == null ? "" : "(" + ring.propertyValue() + ")");
    }
}
