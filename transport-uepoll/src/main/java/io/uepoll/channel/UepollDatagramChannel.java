package io.uepoll.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannelUtil;
import io.netty.util.internal.ObjectUtil;
import io.netty.util.internal.StringUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.uepoll.channel.internal.LinuxConstants;
import io.uepoll.channel.internal.MmsgArray;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;

/**
 * A UDP socket on the uepoll transport; a drop-in for Netty's {@code EpollDatagramChannel}: IPv4
 * or IPv6 (an IPv6 socket also talks to IPv4 peers through mapped addresses), connected or not,
 * multicast join, leave and block, batched receive and send (recvmmsg/sendmmsg, see
 * {@link UepollChannelOption#MAX_DATAGRAM_PAYLOAD_SIZE} and {@link UepollChannelOption#DATAGRAM_SEND_BATCH}),
 * UDP GSO through {@link SegmentedDatagramPacket} and GRO ({@link UepollChannelOption#UDP_GRO}) where
 * the kernel has them, IP_RECVORIGDSTADDR, IP_TRANSPARENT and SO_REUSEPORT.
 */
public final class UepollDatagramChannel extends AbstractUepollDatagramChannel implements DatagramChannel {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(UepollDatagramChannel.class);
    private static final String EXPECTED_TYPES = " (expected: " + StringUtil.simpleClassName(DatagramPacket.class)
            + ", " + StringUtil.simpleClassName(AddressedEnvelope.class) + '<' + StringUtil.simpleClassName(ByteBuf.class)
            + ", " + StringUtil.simpleClassName(InetSocketAddress.class) + ">, " + StringUtil.simpleClassName(ByteBuf.class) + ')';

    private final UepollDatagramChannelConfig config;
    final boolean ipv6;

    /** A socket of the family the JVM prefers (IPv6 where the host has it). */
    public UepollDatagramChannel() {
        this(DatagramSockets.newDatagram(null), false);
    }

    public UepollDatagramChannel(SocketProtocolFamily family) {
        this(DatagramSockets.newDatagram(family), false);
    }

    /** Adopts an existing UDP socket fd: active when bound, connected when it has a peer. */
    public UepollDatagramChannel(int fd) {
        this(new Socket(fd), true);
    }

    private UepollDatagramChannel(Socket socket, boolean adopted) {
        super(socket, InetAddressing.INSTANCE, adopted && DatagramSockets.isBound(socket));
        ipv6 = DatagramSockets.isIpv6(socket);
        connected = adopted && socket.remoteAddress() != null;
        try {
            Multicast.receiveOnlyJoinedGroups(socket, ipv6);
        } catch (IOException e) {
            logger.debug("Failed to turn IP_MULTICAST_ALL off for {}", socket, e);
        }
        config = new UepollDatagramChannelConfig(this, socket);
    }

    /** True when the kernel has UDP GSO (UDP_SEGMENT, Linux 4.18): {@link SegmentedDatagramPacket} can be written. */
    public static boolean isSegmentedDatagramPacketSupported() {
        return DatagramSockets.IS_UDP_SEGMENT_SUPPORTED;
    }

    /** True when the kernel has UDP GRO (Linux 5.0): {@link UepollChannelOption#UDP_GRO} can be set. */
    public static boolean isUdpGroSupported() {
        return DatagramSockets.IS_UDP_GRO_SUPPORTED;
    }

    @Override
    public UepollDatagramChannelConfig config() {
        return config;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    // ---- bind --------------------------------------------------------------------------------

    /** An unresolved address goes through unchanged, for the base bind to refuse. */
    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        if (localAddress instanceof InetSocketAddress && !((InetSocketAddress) localAddress).isUnresolved()) {
            InetSocketAddress inet = (InetSocketAddress) localAddress;
            if (ipv6 && inet.getAddress().isAnyLocalAddress() && inet.getAddress() instanceof Inet4Address) {
                // 0.0.0.0 on an IPv6 socket means "every address", which is :: there.
                localAddress = new InetSocketAddress(DatagramSockets.INET6_ANY, inet.getPort());
            }
        }
        super.doBind(localAddress);
    }

    // ---- writes --------------------------------------------------------------------------------

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof SegmentedDatagramPacket) {
            if (!isSegmentedDatagramPacketSupported()) {
                throw new UnsupportedOperationException("UDP GSO (UDP_SEGMENT) is not supported by this kernel: "
                        + StringUtil.simpleClassName(msg) + EXPECTED_TYPES);
            }
            SegmentedDatagramPacket packet = (SegmentedDatagramPacket) msg;
            checkRecipient(packet.recipient());
            ByteBuf content = packet.content();
            return UnixChannelUtil.isBufferCopyNeededForWrite(content) ? packet.replace(newDirectBuffer(packet, content)) : msg;
        }
        if (msg instanceof DatagramPacket) {
            DatagramPacket packet = (DatagramPacket) msg;
            checkRecipient(packet.recipient());
            ByteBuf content = packet.content();
            return UnixChannelUtil.isBufferCopyNeededForWrite(content)
                    ? new DatagramPacket(newDirectBuffer(packet, content), packet.recipient()) : msg;
        }
        if (msg instanceof ByteBuf) {
            ByteBuf buf = (ByteBuf) msg;
            return UnixChannelUtil.isBufferCopyNeededForWrite(buf) ? newDirectBuffer(buf, buf) : buf;
        }
        if (msg instanceof AddressedEnvelope) {
            @SuppressWarnings("unchecked")
            AddressedEnvelope<Object, SocketAddress> envelope = (AddressedEnvelope<Object, SocketAddress>) msg;
            SocketAddress recipient = envelope.recipient();
            if (envelope.content() instanceof ByteBuf && (recipient == null || recipient instanceof InetSocketAddress)) {
                checkRecipient((InetSocketAddress) recipient);
                ByteBuf content = (ByteBuf) envelope.content();
                return UnixChannelUtil.isBufferCopyNeededForWrite(content)
                        ? new DefaultAddressedEnvelope<>(newDirectBuffer(envelope, content), (InetSocketAddress) recipient)
                        : envelope;
            }
        }
        throw new UnsupportedOperationException("unsupported message type: " + StringUtil.simpleClassName(msg)
                + EXPECTED_TYPES);
    }

    /** An unresolved recipient fails the write at once; the channel is not touched. */
    private static void checkRecipient(InetSocketAddress recipient) {
        if (recipient != null && recipient.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
    }

    @Override
    boolean addToBatch(Object msg, MmsgArray array, IovArray iov) {
        ByteBuf content;
        InetSocketAddress recipient;
        int segmentSize = 0;
        if (msg instanceof AddressedEnvelope) {
            @SuppressWarnings("unchecked")
            AddressedEnvelope<ByteBuf, InetSocketAddress> envelope = (AddressedEnvelope<ByteBuf, InetSocketAddress>) msg;
            content = envelope.content();
            recipient = envelope.recipient();
            if (msg instanceof SegmentedDatagramPacket) {
                segmentSize = ((SegmentedDatagramPacket) msg).segmentSize();
            }
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
        return array.addSend(iov.memoryAddress(first), iov.count() - first, recipient, ipv6, segmentSize);
    }

    // ---- reads ---------------------------------------------------------------------------------

    @Override
    void addReceived(MmsgArray array, int slot, ByteBuf data, List<Object> out) {
        InetSocketAddress sender = array.sender(slot);
        if (sender == null) {
            sender = remoteAddress();
        }
        InetSocketAddress recipient = null;
        if (config.isIpRecvOrigDestAddr()) {
            recipient = array.originalDestination(slot);
        }
        if (recipient == null) {
            recipient = localAddress();
        }
        int segmentSize = array.groSegmentSize(slot);
        int length = data.readableBytes();
        if (segmentSize <= 0 || length <= segmentSize) {
            out.add(new DatagramPacket(data, recipient, sender));
            return;
        }
        // GRO handed over several datagrams of segmentSize bytes (the last may be shorter): split them again.
        try {
            for (int offset = 0; offset < length; offset += segmentSize) {
                out.add(new DatagramPacket(data.retainedSlice(data.readerIndex() + offset,
                        Math.min(segmentSize, length - offset)), recipient, sender));
            }
        } finally {
            data.release();
        }
    }

    // ---- multicast -----------------------------------------------------------------------------

    @Override
    public ChannelFuture joinGroup(InetAddress multicastAddress) {
        return joinGroup(multicastAddress, newPromise());
    }

    @Override
    public ChannelFuture joinGroup(InetAddress multicastAddress, ChannelPromise promise) {
        return membership(LinuxConstants.MCAST_JOIN_GROUP, multicastAddress, defaultInterface(), null, promise);
    }

    @Override
    public ChannelFuture joinGroup(InetSocketAddress multicastAddress, NetworkInterface networkInterface) {
        return joinGroup(multicastAddress, networkInterface, newPromise());
    }

    @Override
    public ChannelFuture joinGroup(InetSocketAddress multicastAddress, NetworkInterface networkInterface,
                                  ChannelPromise promise) {
        return joinGroup(multicastAddress.getAddress(), networkInterface, null, promise);
    }

    @Override
    public ChannelFuture joinGroup(InetAddress multicastAddress, NetworkInterface networkInterface, InetAddress source) {
        return joinGroup(multicastAddress, networkInterface, source, newPromise());
    }

    @Override
    public ChannelFuture joinGroup(InetAddress multicastAddress, NetworkInterface networkInterface, InetAddress source,
                                  ChannelPromise promise) {
        ObjectUtil.checkNotNull(networkInterface, "networkInterface");
        return membership(source == null ? LinuxConstants.MCAST_JOIN_GROUP : LinuxConstants.MCAST_JOIN_SOURCE_GROUP,
                multicastAddress, networkInterface, source, promise);
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress multicastAddress) {
        return leaveGroup(multicastAddress, newPromise());
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress multicastAddress, ChannelPromise promise) {
        return membership(LinuxConstants.MCAST_LEAVE_GROUP, multicastAddress, defaultInterface(), null, promise);
    }

    @Override
    public ChannelFuture leaveGroup(InetSocketAddress multicastAddress, NetworkInterface networkInterface) {
        return leaveGroup(multicastAddress, networkInterface, newPromise());
    }

    @Override
    public ChannelFuture leaveGroup(InetSocketAddress multicastAddress, NetworkInterface networkInterface,
                                   ChannelPromise promise) {
        return leaveGroup(multicastAddress.getAddress(), networkInterface, null, promise);
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress multicastAddress, NetworkInterface networkInterface, InetAddress source) {
        return leaveGroup(multicastAddress, networkInterface, source, newPromise());
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress multicastAddress, NetworkInterface networkInterface, InetAddress source,
                                   ChannelPromise promise) {
        ObjectUtil.checkNotNull(networkInterface, "networkInterface");
        return membership(source == null ? LinuxConstants.MCAST_LEAVE_GROUP : LinuxConstants.MCAST_LEAVE_SOURCE_GROUP,
                multicastAddress, networkInterface, source, promise);
    }

    /** Blocks one source of a group joined without a source filter (MCAST_BLOCK_SOURCE). */
    @Override
    public ChannelFuture block(InetAddress multicastAddress, NetworkInterface networkInterface, InetAddress sourceToBlock) {
        return block(multicastAddress, networkInterface, sourceToBlock, newPromise());
    }

    @Override
    public ChannelFuture block(InetAddress multicastAddress, NetworkInterface networkInterface, InetAddress sourceToBlock,
                               ChannelPromise promise) {
        ObjectUtil.checkNotNull(networkInterface, "networkInterface");
        ObjectUtil.checkNotNull(sourceToBlock, "sourceToBlock");
        return membership(LinuxConstants.MCAST_BLOCK_SOURCE, multicastAddress, networkInterface, sourceToBlock, promise);
    }

    @Override
    public ChannelFuture block(InetAddress multicastAddress, InetAddress sourceToBlock) {
        return block(multicastAddress, sourceToBlock, newPromise());
    }

    @Override
    public ChannelFuture block(InetAddress multicastAddress, InetAddress sourceToBlock, ChannelPromise promise) {
        ObjectUtil.checkNotNull(sourceToBlock, "sourceToBlock");
        return membership(LinuxConstants.MCAST_BLOCK_SOURCE, multicastAddress, defaultInterface(), sourceToBlock, promise);
    }

    /** Lifts a {@link #block} (MCAST_UNBLOCK_SOURCE); not part of Netty's DatagramChannel. */
    public ChannelFuture unblock(InetAddress multicastAddress, NetworkInterface networkInterface,
                                 InetAddress sourceToUnblock) {
        ObjectUtil.checkNotNull(sourceToUnblock, "sourceToUnblock");
        return membership(LinuxConstants.MCAST_UNBLOCK_SOURCE, multicastAddress, networkInterface, sourceToUnblock, newPromise());
    }

    /** IP_MULTICAST_IF when set, else the interface of the bound address; null lets the kernel route. */
    private NetworkInterface defaultInterface() {
        NetworkInterface iface = config.getNetworkInterface();
        if (iface != null) {
            return iface;
        }
        InetSocketAddress local = localAddress();
        if (local == null || local.getAddress().isAnyLocalAddress()) {
            return null;
        }
        try {
            return NetworkInterface.getByInetAddress(local.getAddress());
        } catch (IOException e) {
            return null;
        }
    }

    private ChannelFuture membership(int request, InetAddress group, NetworkInterface iface, InetAddress source,
                                     ChannelPromise promise) {
        ObjectUtil.checkNotNull(group, "multicastAddress");
        if (!group.isMulticastAddress()) {
            promise.setFailure(new IllegalArgumentException(group + " is not a multicast address"));
            return promise;
        }
        if (!ipv6 && group instanceof Inet6Address) {
            promise.setFailure(new IllegalArgumentException("an IPv4 socket cannot join the IPv6 group " + group));
            return promise;
        }
        if (eventLoop().inEventLoop()) {
            membership0(request, group, iface, source, promise);
        } else {
            eventLoop().execute(() -> membership0(request, group, iface, source, promise));
        }
        return promise;
    }

    private void membership0(int request, InetAddress group, NetworkInterface iface, InetAddress source,
                             ChannelPromise promise) {
        try {
            Multicast.membership(socket, request, group, iface, source);
            promise.setSuccess();
        } catch (Throwable t) {
            promise.setFailure(t);
        }
    }
}
