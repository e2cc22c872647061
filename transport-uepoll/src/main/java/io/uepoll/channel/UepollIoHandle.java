package io.uepoll.channel;

import io.netty.channel.IoHandle;
import io.netty.channel.unix.FileDescriptor;

/**
 * Something a {@link UepollIoHandler} can watch: an fd. Events arrive as {@link UepollIoOps}.
 *
 * <p>The readiness contract, whichever ring feeds the loop: events are edge-triggered, so a handle
 * reads or accepts until EAGAIN (or until its budget is spent, then schedules itself again);
 * spurious and repeated events are possible and must be harmless; ERR and HUP are reported whether
 * asked for or not; a handle's registration is removed from the ring before its fd is closed.
 */
public interface UepollIoHandle extends IoHandle {
    FileDescriptor fd();
}
