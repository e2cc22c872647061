package io.uepoll.channel;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Buffer;
import io.netty.channel.unix.Errors;
import io.netty.util.concurrent.Future;
import io.uepoll.channel.internal.Sockaddrs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * A channel's connect from the moment the kernel could not finish it at once (EINPROGRESS) to its
 * outcome: OUT or a hang-up (then {@link #finish}), the connect timeout, a cancel by the user, or the
 * channel closing. Each of these but success closes the channel, as Netty's transports do. Driven from
 * the channel's loop like the rest of the unsafe, so the fields are plain. On a ring that carries the
 * channel's I/O the connect itself is a ring request (IORING_OP_CONNECT): its completion reports the
 * outcome, and neither OUT nor getsockopt(SO_ERROR) is needed.
 */
final class PendingConnect {
    private final AbstractUepollChannel channel;
    private ChannelPromise promise;
    private Future<?> timeout;
    private SocketAddress requestedRemote;
    /** The sockaddr of a connect the ring carries, ours until its completion; null otherwise. */
    private ByteBuffer ringSockaddr;

    PendingConnect(AbstractUepollChannel channel) {
        this.channel = channel;
    }

    boolean isPending() {
        return promise != null;
    }

    /** connect() returned EINPROGRESS: OUT will report the outcome; a timeout or a cancel closes the channel. */
    void await(ChannelPromise promise, SocketAddress remote) {
        this.promise = promise;
        requestedRemote = remote;
        scheduleTimeout(remote);
        promise.addListener((ChannelFutureListener) future -> {
            if (future.isCancelled()) {
                if (timeout != null) {
                    timeout.cancel(false);
                }
                this.promise = null;
                closeChannel();
            }
        });
    }

    private void scheduleTimeout(SocketAddress remote) {
        int timeoutMillis = channel.config().getConnectTimeoutMillis();
        if (timeoutMillis > 0) {
            timeout = channel.eventLoop().schedule(() -> {
                ChannelPromise pending = promise;
                if (pending != null && !pending.isDone() && pending.tryFailure(new ConnectTimeoutException(
                        "connection timed out after " + timeoutMillis + " ms: " + remote))) {
                    closeChannel();
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Queues the connect on the ring; its completion, not OUT, reports the outcome. */
    void startThroughRing(UepollRegistration registration, InetSocketAddress remote, boolean ipv6) throws IOException {
        ByteBuffer sockaddr = Buffer.allocateDirectWithNativeOrder(Sockaddrs.MAX_INET_SIZE);
        try {
            int length = Sockaddrs.putInet(sockaddr, 0, remote, ipv6);
            registration.connect(Buffer.memoryAddress(sockaddr), length, this::ringCompleted);
        } catch (IOException | RuntimeException e) {
            Buffer.free(sockaddr);
            throw e;
        }
        ringSockaddr = sockaddr;
    }

    /** True while a connect the ring carries has not completed. */
    boolean isThroughRing() {
        return ringSockaddr != null;
    }

    /**
     * The ring's connect completed: 0, or a negative errno (-ECANCELED when the channel closed or the
     * ring closed first; the promise is gone then). Runs once, after {@link #await}: the SQE reaches the
     * kernel with the loop's next enter.
     */
    private void ringCompleted(int res, boolean ignored) {
        // The channel may have moved loops while the connect was in flight: its promise belongs there now.
        if (LoopHop.handedOver(channel.eventLoop(), () -> ringCompleted(res, ignored), this::freeSockaddr)) {
            return;
        }
        freeSockaddr();
        if (promise == null) {
            return; // timed out, cancelled or closed: the channel is closing already
        }
        try {
            boolean wasActive = channel.isActive();
            if (res < 0) {
                Errors.throwConnectException("connect", res);
            }
            channel.connectedThroughRing(requestedRemote);
            requestedRemote = null;
            succeeded(promise, wasActive);
        } catch (Throwable t) {
            failed(promise, unsafe().connectFailure(t, requestedRemote));
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            promise = null;
        }
    }

    private void freeSockaddr() {
        Buffer.free(ringSockaddr);
        ringSockaddr = null;
    }

    /** OUT or a hang-up while connecting: completes the connect, or waits on if the kernel is not done. */
    void finish() {
        if (isThroughRing()) {
            return; // the ring's completion reports it
        }
        boolean stillInProgress = false;
        try {
            boolean wasActive = channel.isActive();
            if (!finishConnect()) {
                stillInProgress = true;
                return;
            }
            succeeded(promise, wasActive);
        } catch (Throwable t) {
            failed(promise, unsafe().connectFailure(t, requestedRemote));
        } finally {
            if (!stillInProgress) {
                if (timeout != null) {
                    timeout.cancel(false);
                }
                promise = null;
            }
        }
    }

    private boolean finishConnect() throws Exception {
        if (channel.socket.finishConnect()) {
            channel.removeInterest(UepollIoOps.OUT);
            channel.connectedTo(requestedRemote);
            requestedRemote = null;
            return true;
        }
        channel.addInterest(UepollIoOps.OUT);
        return false;
    }

    /** The connect succeeded (at once or later); {@code promise} is null when a timeout or a cancel came first. */
    void succeeded(ChannelPromise promise, boolean wasActive) {
        if (promise == null) {
            return;
        }
        channel.active = true;
        // Read before trySuccess: a listener may close the channel, and channelActive must still fire first.
        boolean nowActive = channel.isActive();
        boolean promiseSet = promise.trySuccess();
        if (!wasActive && nowActive) {
            channel.pipeline().fireChannelActive();
        }
        if (!promiseSet) {
            closeChannel(); // the user cancelled the connect
        }
    }

    private void failed(ChannelPromise promise, Throwable cause) {
        if (promise != null) {
            promise.tryFailure(cause);
            unsafe().closeIfSocketClosed();
        }
    }

    /** The channel is closing: a connect still waiting fails, and its timeout goes. */
    void failOnClose() {
        ChannelPromise pending = promise;
        if (pending != null) {
            pending.tryFailure(new ClosedChannelException());
            promise = null;
        }
        Future<?> future = timeout;
        if (future != null) {
            future.cancel(false);
            timeout = null;
        }
    }

    private void closeChannel() {
        AbstractUepollChannel.AbstractUepollUnsafe unsafe = unsafe();
        unsafe.close(unsafe.voidPromise());
    }

    private AbstractUepollChannel.AbstractUepollUnsafe unsafe() {
        return (AbstractUepollChannel.AbstractUepollUnsafe) channel.unsafe();
    }
}
