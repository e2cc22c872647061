package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.unix.DomainDatagramChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannelUtil;
import io.netty.util.internal.StringUtil;
import io.uepoll.channel.internal.MmsgArray;
import io.uepoll.channel.internal.Sockaddrs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.NotYetConnectedException;
import java.util.List;

/**
 * A Unix-domain datagram socket on the uepoll transport; a drop-in for Netty's
 * {@code EpollDomainDatagramChannel}. It reads and writes {@link DomainDatagramPacket}s (or bare
 * {@code ByteBuf}s once connected) with the same batched loops as {@link UepollDatagramChannel}.
 * Sending to a path where no socket is bound fails that write with a {@link FileNotFoundException}.
 * A path name it bound is deleted when it closes.
 */
public final class UepollDomainDatagramChannel extends AbstractUepollDatagramChannel implements DomainDatagramChannel {
    private static final String EXPECTED_TYPES = " (expected: " + StringUtil.simpleClassName(DomainDatagramPacket.class)
            + ", " + StringUtil.simpleClassName(AddressedEnvelope.class) + '<' + StringUtil.simpleClassName(ByteBuf.class)
            + ", " + StringUtil.simpleClassName(DomainSocketAddress.class) + ">, "
            + StringUtil.simpleClassName(ByteBuf.class) + ')';

    private final UepollDomainDatagramChannelConfig config;

    public UepollDomainDatagramChannel() {
        this(DomainSockets.newDatagram(), false);
    }

    /** Adopts an existing AF_UNIX datagram socket fd: active when it has a name, connected when it has a peer. */
    public UepollDomainDatagramChannel(int fd) {
        this(new Socket(fd), true);
    }

    private UepollDomainDatagramChannel(Socket socket, boolean adopted) {
        super(socket, DomainAddressing.DELETES_SOCKET_FILE,
                adopted && !DomainSockets.localAddress(socket).path().isEmpty());
        config = new UepollDomainDatagramChannelConfig(this, socket);
        if (adopted) {
            // An unnamed socket is not active, yet it may have a peer: its names are read all the same.
            resetCachedAddresses();
            connected = remoteAddress0() != null;
        }
    }

    @Override
    public UepollDomainDatagramChannelConfig config() {
        return config;
    }

    @Override
    public DomainSocketAddress localAddress() {
        return (DomainSocketAddress) super.localAddress();
    }

    @Override
    public DomainSocketAddress remoteAddress() {
        return (DomainSocketAddress) super.remoteAddress();
    }

    /** ENOENT (no socket at the path) becomes a FileNotFoundException, as in Netty. */
    @Override
    IOException translate(Errors.NativeIoException e) {
        if (e.expectedErr() == Errors.ERRNO_ENOENT_NEGATIVE) {
            FileNotFoundException notFound = new FileNotFoundException(e.getMessage());
            notFound.initCause(e);
            return notFound;
        }
        return e;
    }

    // ---- writes --------------------------------------------------------------------------------

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof DomainDatagramPacket) {
            DomainDatagramPacket packet = (DomainDatagramPacket) msg;
            DomainSockets.checkAddress(packet.recipient());
            ByteBuf content = packet.content();
            return UnixChannelUtil.isBufferCopyNeededForWrite(content)
                    ? new DomainDatagramPacket(newDirectBuffer(packet, content), packet.recipient()) : msg;
        }
        if (msg instanceof ByteBuf) {
            ByteBuf buf = (ByteBuf) msg;
            return UnixChannelUtil.isBufferCopyNeededForWrite(buf) ? newDirectBuffer(buf, buf) : buf;
        }
        if (msg instanceof AddressedEnvelope) {
            @SuppressWarnings("unchecked")
            AddressedEnvelope<Object, SocketAddress> envelope = (AddressedEnvelope<Object, SocketAddress>) msg;
            SocketAddress recipient = envelope.recipient();
            if (envelope.content() instanceof ByteBuf && (recipient == null || recipient instanceof DomainSocketAddress)) {
                DomainSockets.checkAddress(recipient);
                ByteBuf content = (ByteBuf) envelope.content();
                return UnixChannelUtil.isBufferCopyNeededForWrite(content)
                        ? new DefaultAddressedEnvelope<>(newDirectBuffer(envelope, content), (DomainSocketAddress) recipient)
                        : envelope;
            }
        }
        throw new UnsupportedOperationException("unsupported message type: " + StringUtil.simpleClassName(msg)
                + EXPECTED_TYPES);
    }

    @Override
    boolean addToBatch(Object msg, MmsgArray array, IovArray iov) {
        ByteBuf content;
        DomainSocketAddress recipient;
        if (msg instanceof AddressedEnvelope) {
            @SuppressWarnings("unchecked")
            AddressedEnvelope<ByteBuf, DomainSocketAddress> envelope = (AddressedEnvelope<ByteBuf, DomainSocketAddress>) msg;
            content = envelope.content();
            recipient = envelope.recipient();
        } else {
            content = (ByteBuf) msg;
            recipient = null;
        }
        if (recipient == null && !connected) {
            throw new NotYetConnectedException();
        }
        int first = iov.count();
        if (array.isFull() || !iov.add(content, content.readerIndex(), content.readableBytes())) {
            return false;
        }
        return array.addSend(iov.memoryAddress(first), iov.count() - first,
                recipient == null ? null : Sockaddrs.unixPath(recipient));
    }

    // ---- reads ---------------------------------------------------------------------------------

    @Override
    void addReceived(MmsgArray array, int slot, ByteBuf data, List<Object> out) {
        out.add(new DomainDatagramPacket(data, localAddress(), array.unixSender(slot)));
    }
}
