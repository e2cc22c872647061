package io.uepoll.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.PeerCredentials;
import io.netty.channel.unix.ServerDomainSocketChannel;
import io.netty.channel.unix.Socket;
import io.uepoll.channel.internal.Native;

import java.io.IOException;

import static io.netty.channel.internal.ChannelUtils.WRITE_STATUS_SNDBUF_FULL;

/**
 * A Unix-domain stream socket on the uepoll transport; a drop-in for Netty's
 * {@code EpollDomainSocketChannel}. Path names and abstract names (a leading {@code '\0'}) both
 * work, and the channel shares the TCP channel's read and write loops and half-closure.
 *
 * <p>Besides {@code ByteBuf} and {@code FileRegion} it writes {@link FileDescriptor}s, which the
 * peer receives with SCM_RIGHTS; with {@link DomainSocketReadMode#FILE_DESCRIPTORS} it reads
 * descriptors instead of bytes, and hands each one to the pipeline as a {@link FileDescriptor}
 * that the reader owns and must close.
 */
public final class UepollDomainSocketChannel extends AbstractUepollStreamChannel implements DomainSocketChannel {
    private final UepollDomainSocketChannelConfig config;

    public UepollDomainSocketChannel() {
        this(DomainSockets.newStream(), false);
    }

    /** Adopts an existing AF_UNIX stream socket fd, connected or not. */
    public UepollDomainSocketChannel(int fd) {
        this(new Socket(fd));
    }

    private UepollDomainSocketChannel(Socket socket) {
        this(socket, DomainSockets.remoteAddress(socket) != null);
    }

    private UepollDomainSocketChannel(Socket socket, boolean active) {
        super(socket, DomainAddressing.LEAVES_SOCKET_FILE, active);
        config = new UepollDomainSocketChannelConfig(this, socket);
    }

    /** An accepted connection; unix-common's accept() does not decode AF_UNIX names, so the peer is read here. */
    UepollDomainSocketChannel(Channel parent, Socket socket) {
        super(parent, socket, DomainAddressing.LEAVES_SOCKET_FILE, DomainSockets.remoteAddress(socket));
        config = new UepollDomainSocketChannelConfig(this, socket);
    }

    /**
     * The pid, uid and gid of the peer process as of connect (SO_PEERCRED); gids holds the one
     * primary group the kernel reports.
     */
    public PeerCredentials peerCredentials() throws IOException {
        return DomainSockets.peerCredentials(socket);
    }

    @Override
    public UepollDomainSocketChannelConfig config() {
        return config;
    }

    @Override
    public ServerDomainSocketChannel parent() {
        return (ServerDomainSocketChannel) super.parent();
    }

    @Override
    public DomainSocketAddress localAddress() {
        return (DomainSocketAddress) super.localAddress();
    }

    @Override
    public DomainSocketAddress remoteAddress() {
        return (DomainSocketAddress) super.remoteAddress();
    }

    // ---- file descriptors ----------------------------------------------------------------------

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof FileDescriptor) {
            checkPassable((FileDescriptor) msg);
            return msg;
        }
        return super.filterOutboundMessage(msg);
    }

    /** A closed descriptor is refused at write(), so the channel never sees EBADF for it. */
    private static void checkPassable(FileDescriptor fd) {
        if (!fd.isOpen()) {
            throw new IllegalArgumentException("cannot pass " + fd + ": it is closed");
        }
        try {
            Native.checkFdOpen(fd.intValue());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot pass " + fd + ": " + e.getMessage(), e);
        }
    }

    @Override
    int writeSingle(ChannelOutboundBuffer in) throws Exception {
        Object msg = in.current();
        if (msg instanceof FileDescriptor) {
            return writeFileDescriptor(in, (FileDescriptor) msg);
        }
        return super.writeSingle(in);
    }

    private int writeFileDescriptor(ChannelOutboundBuffer in, FileDescriptor fd) throws IOException {
        int sent;
        try {
            sent = socket.sendFd(fd.intValue());
        } catch (IOException e) {
            if (isDescriptorGone(fd)) {
                // Closed after write() checked it: fail this message only, the channel is fine.
                in.remove(new IOException("cannot pass " + fd + ": it was closed before it was sent", e));
                return 1;
            }
            throw e;
        }
        if (sent > 0) {
            in.remove();
            return 1;
        }
        return WRITE_STATUS_SNDBUF_FULL;
    }

    private static boolean isDescriptorGone(FileDescriptor fd) {
        try {
            Native.checkFdOpen(fd.intValue());
            return !fd.isOpen();
        } catch (IOException e) {
            return true;
        }
    }

    /** File descriptors arrive with recvmsg, which the ring does not carry: that read mode reads directly. */
    @Override
    boolean readsThroughRing() {
        return config.getReadMode() == DomainSocketReadMode.BYTES;
    }

    @Override
    protected AbstractUepollUnsafe newUnsafe() {
        return new DomainUnsafe();
    }

    private final class DomainUnsafe extends StreamUnsafe {
        private boolean readsDescriptors() {
            return config.getReadMode() == DomainSocketReadMode.FILE_DESCRIPTORS;
        }

        @Override
        void beginReadPass(UepollRecvHandle handle, ChannelConfig config) {
            if (readsDescriptors()) {
                handle.attemptedBytesRead(1);
            }
        }

        /** In file-descriptor mode one descriptor per step, counted as one byte; else bytes. */
        @Override
        ReadStep readStep(UepollRecvHandle handle, ChannelPipeline pipeline) throws Exception {
            if (!readsDescriptors()) {
                return super.readStep(handle, pipeline);
            }
            int fd = socket.recvFd(); // a descriptor, 0 on EAGAIN, -1 at end of input
            if (fd <= 0) {
                handle.lastBytesRead(0);
                return fd < 0 ? ReadStep.END_OF_INPUT : ReadStep.WOULD_BLOCK;
            }
            handle.lastBytesRead(1);
            handle.incMessagesRead(1);
            fireRead(pipeline, new FileDescriptor(fd));
            return ReadStep.MESSAGE;
        }
    }
}
