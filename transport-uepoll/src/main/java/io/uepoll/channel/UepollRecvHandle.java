package io.uepoll.channel;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * The allocator handle of a uepoll channel: the allocator's own budget, plus two edge-triggered rules.
 * After RDHUP a channel reads until EOF (no further edge will tell it more is there), and
 * {@link #maybeMoreData()} says whether a pass ended without seeing EAGAIN.
 */
final class UepollRecvHandle extends RecvByteBufAllocator.DelegatingHandle {
    private boolean receivedRdHup;
    private final UncheckedBooleanSupplier filledLastBuffer = () -> lastBytesRead() == attemptedBytesRead();

    UepollRecvHandle(RecvByteBufAllocator.Handle handle) {
        super(handle);
    }

    void receivedRdHup() {
        receivedRdHup = true;
    }

    boolean isReceivedRdHup() {
        return receivedRdHup;
    }

    /** A full buffer on the last read: the socket may hold more, and no new edge will say so. */
    boolean maybeMoreData() {
        return lastBytesRead() > 0 && filledLastBuffer.get();
    }

    @Override
    public boolean continueReading() {
        return continueReading(filledLastBuffer);
    }

    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
        if (receivedRdHup && lastBytesRead() > 0) {
            return true;
        }
        RecvByteBufAllocator.Handle delegate = delegate();
        return delegate instanceof RecvByteBufAllocator.ExtendedHandle
                ? ((RecvByteBufAllocator.ExtendedHandle) delegate).continueReading(maybeMoreDataSupplier)
                : delegate.continueReading();
    }
}
