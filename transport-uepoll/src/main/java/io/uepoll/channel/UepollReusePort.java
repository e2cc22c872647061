package io.uepoll.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.ObjectUtil;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepting on every loop of a group: one {@link UepollServerSocketChannel} per loop, all bound to
 * one address with {@link UepollChannelOption#SO_REUSEPORT}. The kernel spreads incoming
 * connections over the listeners by a hash of the connection, and each loop accepts and serves its
 * own share (a listener's children stay on its loop).
 *
 * <p>This is how a uepoll server uses several cores. One listener is watched by one loop; several
 * loops cannot share it, since the USERPOLL ring has no {@code EPOLLEXCLUSIVE} to wake only one of
 * them.
 *
 * <pre>{@code
 * EventLoopGroup group = new UepollEventLoopGroup(4);
 * ServerBootstrap b = new ServerBootstrap().childHandler(...);       // no group: each listener gets one loop
 * List<UepollServerSocketChannel> listeners =
 *         UepollReusePort.bind(b, group, new InetSocketAddress(8080)).sync().getNow();
 * }</pre>
 *
 * <p>Port 0 works: the first listener takes an ephemeral port and the others join it. The kernel
 * lets a socket join a port only when every socket on it has SO_REUSEPORT and the same user: a
 * port held without SO_REUSEPORT fails the bind, but a second process of the same user doing the
 * same joins the group instead of failing. When a listener closes, the connections already queued
 * on it are reset; new ones go to the others.
 */
public final class UepollReusePort {
    private UepollReusePort() {
    }

    /**
     * Binds one listener per loop of {@code group} to {@code localAddress}. {@code bootstrap} keeps
     * its handlers, options and attributes; it must have no group (each listener is registered on
     * its own loop, its children too) and its channel, when set, must be
     * {@link UepollServerSocketChannel} (set when absent). {@code bootstrap} itself is not changed.
     *
     * @return completes with the listeners in the group's loop order once all are bound, or fails
     *         with the first bind failure after closing those that were bound
     * @throws IllegalArgumentException when the bootstrap has a group or {@code group} holds
     *         executors that are not event loops
     */
    public static Future<List<UepollServerSocketChannel>> bind(ServerBootstrap bootstrap, EventLoopGroup group,
                                                               SocketAddress localAddress) {
        ObjectUtil.checkNotNull(bootstrap, "bootstrap");
        ObjectUtil.checkNotNull(localAddress, "localAddress");
        if (bootstrap.config().group() != null || bootstrap.config().childGroup() != null) {
            throw new IllegalArgumentException("leave the bootstrap's group unset: "
                    + "UepollReusePort registers each listener and its children on one loop of the group");
        }
        ServerBootstrap template = bootstrap.clone();
        if (template.config().channelFactory() == null) {
            template.channel(UepollServerSocketChannel.class);
        }
        template.option(UepollChannelOption.SO_REUSEPORT, true);
        return new PerLoopBind(template, loopsOf(group)).start(localAddress);
    }

    private static List<EventLoop> loopsOf(EventLoopGroup group) {
        ObjectUtil.checkNotNull(group, "group");
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor executor : group) {
            if (!(executor instanceof EventLoop)) {
                throw new IllegalArgumentException("the group holds " + executor + ", not an event loop");
            }
            loops.add((EventLoop) executor);
        }
        if (loops.isEmpty()) {
            throw new IllegalArgumentException("the group has no event loops");
        }
        return loops;
    }

    /**
     * One bind of all listeners. The first binds alone so that the others join the address it got
     * (port 0 resolves to one ephemeral port, not one per listener); the rest bind together.
     */
    private static final class PerLoopBind {
        private final ServerBootstrap template;
        private final List<EventLoop> loops;
        private final ChannelFuture[] binds;
        private final AtomicInteger pending;
        // Global, not a loop of the group: a caller may sync() on it from any thread that is not a loop.
        private final Promise<List<UepollServerSocketChannel>> promise = GlobalEventExecutor.INSTANCE.newPromise();

        PerLoopBind(ServerBootstrap template, List<EventLoop> loops) {
            this.template = template;
            this.loops = loops;
            binds = new ChannelFuture[loops.size()];
            pending = new AtomicInteger(loops.size() - 1);
        }

        Future<List<UepollServerSocketChannel>> start(SocketAddress localAddress) {
            promise.setUncancellable(); // a cancelled promise would strand the listeners bound after it
            binds[0] = bindOn(0, localAddress);
            binds[0].addListener(f -> firstBound());
            return promise;
        }

        private ChannelFuture bindOn(int loop, SocketAddress address) {
            return template.clone().group(loops.get(loop)).bind(address);
        }

        private void firstBound() {
            if (!binds[0].isSuccess()) {
                promise.tryFailure(binds[0].cause());
                return;
            }
            Channel first = binds[0].channel();
            if (!(first instanceof UepollServerSocketChannel)) {
                first.close();
                promise.tryFailure(new IllegalArgumentException("UepollReusePort binds UepollServerSocketChannel, "
                        + "the bootstrap makes " + first.getClass().getName()));
                return;
            }
            if (binds.length == 1) {
                finish();
                return;
            }
            for (int i = 1; i < binds.length; i++) {
                binds[i] = bindOn(i, first.localAddress());
                binds[i].addListener(f -> {
                    if (pending.decrementAndGet() == 0) {
                        finish();
                    }
                });
            }
        }

        private void finish() {
            Throwable failure = null;
            for (ChannelFuture bind : binds) {
                if (!bind.isSuccess()) {
                    if (failure == null) {
                        failure = bind.cause();
                    } else {
                        failure.addSuppressed(bind.cause());
                    }
                }
            }
            if (failure == null) {
                List<UepollServerSocketChannel> listeners = new ArrayList<>(binds.length);
                for (ChannelFuture bind : binds) {
                    listeners.add((UepollServerSocketChannel) bind.channel());
                }
                promise.trySuccess(listeners);
                return;
            }
            for (ChannelFuture bind : binds) {
                bind.channel().close();
            }
            promise.tryFailure(failure);
        }
    }
}
