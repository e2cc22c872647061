/**
 * A Netty transport for Linux whose event loop takes socket readiness out of a ring in shared
 * memory: {@link io.uepoll.channel.UepollIoHandler} (or {@link io.uepoll.channel.UepollEventLoopGroup})
 * and the {@code Uepoll*Channel} classes, used exactly like Netty's epoll transport.
 *
 * <h2>The readiness contract</h2>
 * This is what the loop promises to anything registered with it (every {@code Uepoll*Channel}
 * through its {@link io.uepoll.channel.UepollIoHandle}), whichever {@link io.uepoll.channel.UepollRing}
 * feeds it. Channels rely on nothing else, so they never need to know which ring they run on.
 *
 * <h3>What an event means</h3>
 * An event is a set of {@link io.uepoll.channel.UepollIoOps} for one registration: IN (readable,
 * or a connection to accept), OUT (writable, or a connect finished), RDHUP (the peer shut down its
 * output), and ERR and HUP, which are reported whether asked for or not. An event is a hint that the
 * state changed, never a promise: by the time the handle runs, another read may have taken the data
 * (a handle must treat EAGAIN as "nothing after all"). Readiness is <em>edge-triggered</em> on every
 * ring: an event says that the fd <em>became</em> ready, once per change, not that it is ready.
 * <ul>
 *   <li>{@code USERPOLL}: the kernel's ep_poll_callback marks the item's ready bits in the shared
 *       header and appends its index to the shared ring; the loop collects and clears the bits
 *       without a syscall. Several wakeups of one fd before a harvest are one event with the union
 *       of the bits.</li>
 *   <li>{@code IO_URING}: each wakeup of the fd's multishot poll posts one completion; several
 *       wakeups before a harvest are several events (the handle sees each, or the same state twice).
 *       A poll that the kernel ended (e.g. on a completion-queue overflow) is re-armed, and the
 *       re-arm polls the fd again, so a state that arose meanwhile is reported.</li>
 *   <li>{@code EPOLL_WAIT}: {@code EPOLLET} events of one {@code epoll_wait}; the kernel merges
 *       wakeups between two calls.</li>
 * </ul>
 *
 * <h3>When a handle must drain</h3>
 * Because no second edge comes for data that is already there, a handle that got IN reads (accepts,
 * receives) until the kernel says EAGAIN. It may stop earlier, on its read budget, on an error, or
 * because the application turned auto-read off, only if it makes sure it looks again itself: the
 * channels schedule another read pass on their loop (after an error, after a short pause, so that a
 * lasting EMFILE costs no busy loop), and a {@code read()} while IN is still armed reads again when
 * the last pass stopped early. Turning IN (or OUT) on re-polls the fd on every ring, so readiness
 * that arose while the interest was off is reported then. The same holds for OUT: a write that hit
 * EAGAIN arms OUT and writes again when it is reported. Every channel type reads in one read pass
 * of the base channel, which applies this rule; a channel type gives only its step (one recv, one
 * accept, one recvmmsg, one descriptor) and what a failed step means for it.
 *
 * <h3>Order, coalescing, spurious events</h3>
 * <ul>
 *   <li>Events are dispatched in ring order, one at a time, on the loop thread. There is no order
 *       between different fds beyond that, and none should be assumed.</li>
 *   <li>Events for one fd may be merged (USERPOLL, EPOLL_WAIT) or repeated (IO_URING); a handle
 *       must be correct either way. Spurious events (nothing to read after all) are possible on every
 *       ring and must be harmless.</li>
 *   <li>No event for a registration is dispatched after its {@code cancel()} ran on the loop, even if
 *       the ring held one already; and the ring holds no reference to the fd after that, so a close
 *       that follows really closes the socket. A channel that moves to another loop takes nothing
 *       with it: tasks it had scheduled on the old loop do not run, and the new ring reports what is
 *       pending when the fd is added.</li>
 *   <li>If a handle throws, the loop logs it, counts it ({@link io.uepoll.channel.UepollCounters#getLoopExceptions()})
 *       and goes on: the event that threw is not delivered again and no other event is lost.</li>
 * </ul>
 *
 * <h3>Wakeups</h3>
 * A task submitted from another thread to a sleeping loop writes its eventfd once; a loop that is
 * awake is not woken (no syscall). A wakeup is never an event for a handle. Wakeups may be spurious
 * (the loop finds nothing to do and sleeps again).
 *
 * <h3>Data path ring</h3>
 * On an IO_URING loop with data path {@link io.uepoll.channel.UepollDataPath#RING} (the default),
 * the stream channels do not drain on readiness: their bytes move as completions of the ring's own
 * send and receive requests (one of each in flight per channel), which the loop harvests like
 * readiness and hands to the channel's current loop. Readiness still drives accept, connect,
 * datagrams and file regions. A flush reaches the kernel with the loop's next enter, not at once.
 * Auto-read turned off on the loop drops the read() it had asked for (on every data path, as Netty's
 * epoll transport does); a receive that completes after that is kept for the next read().
 *
 * <h3>What each ring cannot do</h3>
 * <ul>
 *   <li>{@code USERPOLL}: edge-triggered only (the kernel refuses an item without {@code EPOLLET}),
 *       no {@code EPOLLEXCLUSIVE} (refused too) (so several loops cannot share one
 *       listener: bind one per loop with SO_REUSEPORT, see {@link io.uepoll.channel.UepollReusePort}),
 *       no {@code EPOLLWAKEUP} (dropped silently); a patched kernel is needed, and the ring's size bounds the number of
 *       registered fds.</li>
 *   <li>{@code IO_URING}: needs Linux 5.13+ with io_uring enabled and not filtered by seccomp; a ring
 *       is bound to the thread that first submits to it, so a loop cannot change threads.</li>
 *   <li>{@code EPOLL_WAIT}: every harvest is a syscall; it is the baseline the others are measured
 *       against.</li>
 * </ul>
 */
package io.uepoll.channel;
