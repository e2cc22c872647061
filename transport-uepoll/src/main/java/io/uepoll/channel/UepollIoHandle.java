package io.uepoll.channel;

import io.netty.channel.IoHandle;
import io.netty.channel.unix.FileDescriptor;

/**
 * Something a {@link UepollIoHandler} can watch: an fd. Events arrive as {@link UepollIoOps}.
 *
 * <p>Events follow the readiness contract of this package ({@link io.uepoll.channel}): edge-triggered,
 * so a handle drains until EAGAIN or makes sure it looks again itself; spurious, merged and repeated
 * events must be harmless.
 */
public interface UepollIoHandle extends IoHandle {
    FileDescriptor fd();
}
