package io.uepoll.channel.internal;

import io.netty.channel.unix.Errors;
import io.netty.channel.unix.Unix;
import io.netty.util.internal.NativeLibraryLoader;
import io.netty.util.internal.PlatformDependent;

import java.io.IOException;

/**
 * The JNI boundary. Every {@code xxx0} native returns the kernel's result or {@code -errno}; the
 * Java wrapper beside it turns a negative value into an {@link IOException} naming the call. No
 * native ever walks a ring: ring memory is read in Java.
 */
public final class Native {
    public static final String LIBRARY_NAME = "uepoll_transport_native";

    // Kernel results are -errno: the negated values of LinuxConstants, named for the comparisons.
    public static final int ERRNO_EINTR_NEGATIVE = -LinuxConstants.EINTR;
    public static final int ERRNO_EAGAIN_NEGATIVE = -LinuxConstants.EAGAIN;
    public static final int ERRNO_ENOMEM_NEGATIVE = -LinuxConstants.ENOMEM;
    public static final int ERRNO_EBADF_NEGATIVE = -LinuxConstants.EBADF;
    public static final int ERRNO_ENOENT_NEGATIVE = -LinuxConstants.ENOENT;
    public static final int ERRNO_EPERM_NEGATIVE = -LinuxConstants.EPERM;
    public static final int ERRNO_EINVAL_NEGATIVE = -LinuxConstants.EINVAL;
    public static final int ERRNO_ENOSYS_NEGATIVE = -LinuxConstants.ENOSYS;
    public static final int ERRNO_ETIME_NEGATIVE = -LinuxConstants.ETIME;
    public static final int ERRNO_ESTALE_NEGATIVE = -LinuxConstants.ESTALE;
    public static final int ERRNO_EALREADY_NEGATIVE = -LinuxConstants.EALREADY;
    public static final int ERRNO_ECANCELED_NEGATIVE = -LinuxConstants.ECANCELED;
    public static final int ERRNO_ENOSPC_NEGATIVE = -LinuxConstants.ENOSPC;
    public static final int ERRNO_EBUSY_NEGATIVE = -LinuxConstants.EBUSY;

    static {
        loadLibrary();
        // Before any syscall: a constant that differs from the C headers must stop the transport here.
        NativeConstants.verify();
        Unix.registerInternal(Native::registerUnix);
    }

    private Native() {
    }

    /** Forces the library to load; throws the loader's error when it cannot. */
    public static void ensureLoaded() {
        // The static initializer did the work.
    }

    private static void loadLibrary() {
        String name = LIBRARY_NAME + '_' + PlatformDependent.normalizedArch();
        NativeLibraryLoader.load(name, PlatformDependent.getClassLoader(Native.class));
    }

    private static void registerUnix() {
        int res = registerUnix0();
        if (res != 0) {
            throw new IllegalStateException("netty-unix-common natives could not be registered: " + res);
        }
    }

    // ---- epoll -----------------------------------------------------------------------------

    public static int epollCreate() throws IOException {
        return checkFd("epoll_create1", epollCreate0());
    }

    /** Only ever called with the number the kernel's own probe reported (see UserpollProbe). */
    public static int epollCreate2(int syscallNr, int flags, int maxItems) throws IOException {
        return checkFd("epoll_create2", epollCreate2_0(syscallNr, flags, maxItems));
    }

    public static void epollCtl(int epfd, int op, int fd, int events, long data) throws IOException {
        int res = epollCtl0(epfd, op, fd, events, data);
        if (res < 0) {
            throw Errors.newIOException("epoll_ctl(" + ctlName(op) + ", fd " + fd + ")", res);
        }
    }

    /** Returns the raw result: the event count or a negative errno (-EINTR, -ESTALE are normal). */
    public static int epollWaitRaw(int epfd, long eventsAddress, int maxEvents, long timeoutNanos) {
        return epollWait0(epfd, eventsAddress, maxEvents, timeoutNanos);
    }

    public static int epollEventSize() {
        return epollEventSize0();
    }

    public static int epollEventDataOffset() {
        return epollEventDataOffset0();
    }

    private static String ctlName(int op) {
        switch (op) {
            case LinuxConstants.EPOLL_CTL_ADD: return "ADD";
            case LinuxConstants.EPOLL_CTL_MOD: return "MOD";
            case LinuxConstants.EPOLL_CTL_DEL: return "DEL";
            default: return "op " + op;
        }
    }

    // ---- io_uring --------------------------------------------------------------------------

    /** Returns the ring fd or a negative errno, so the caller can retry with fewer setup flags. */
    public static int ioUringSetupRaw(int entries, int flags, int cqEntries, int[] paramsOut) {
        return ioUringSetup0(entries, flags, cqEntries, paramsOut);
    }

    /** Returns the raw result (consumed submissions, or a negative errno such as -ETIME, -EINTR). */
    public static int ioUringEnterRaw(int ringFd, int toSubmit, int minComplete, int flags, long timeoutNanos) {
        return ioUringEnter0(ringFd, toSubmit, minComplete, flags, timeoutNanos);
    }

    public static int ioUringRegisterRaw(int ringFd, int opcode, long arg, int nrArgs) {
        return ioUringRegister0(ringFd, opcode, arg, nrArgs);
    }

    public static int[] ioUringLayout() {
        return ioUringLayout0();
    }

    // ---- memory and eventfd ------------------------------------------------------------------

    public static long mmap(int fd, long offset, long length, String what) throws IOException {
        long address = mmap0(fd, offset, length);
        if (address < 0) {
            throw Errors.newIOException("mmap of " + what + " (" + length + " bytes at offset " + offset + ")",
                    (int) address);
        }
        return address;
    }

    public static void munmap(long address, long length) throws IOException {
        int res = munmap0(address, length);
        if (res < 0) {
            throw Errors.newIOException("munmap", res);
        }
    }

    public static int eventfd() throws IOException {
        return checkFd("eventfd", eventfd0(0, LinuxConstants.EFD_CLOEXEC | LinuxConstants.EFD_NONBLOCK));
    }

    public static void eventfdWrite(int fd, long value) throws IOException {
        int res = eventfdWrite0(fd, value);
        // -EAGAIN: the counter is saturated, so a wakeup is pending anyway.
        if (res < 0 && res != ERRNO_EAGAIN_NEGATIVE) {
            throw Errors.newIOException("eventfd write", res);
        }
    }

    /** Resets the eventfd counter; returns its value, 0 when it was already zero. */
    public static long eventfdRead(int fd) throws IOException {
        long res = eventfdRead0(fd);
        if (res == ERRNO_EAGAIN_NEGATIVE) {
            return 0;
        }
        if (res < 0) {
            throw Errors.newIOException("eventfd read", (int) res);
        }
        return res;
    }

    /** Throws when {@code fd} is not an open descriptor (fcntl F_GETFD). */
    public static void checkFdOpen(int fd) throws IOException {
        int res = fdCheck0(fd);
        if (res < 0) {
            throw Errors.newIOException("fd " + fd + " is not open; fcntl", res);
        }
    }

    private static int checkFd(String call, int res) throws IOException {
        if (res < 0) {
            throw Errors.newIOException(call, res);
        }
        return res;
    }

    private static native int registerUnix0();

    private static native int epollCreate0();

    private static native int epollCreate2_0(int syscallNr, int flags, int maxItems);

    private static native int epollCtl0(int epfd, int op, int fd, int events, long data);

    private static native int epollWait0(int epfd, long eventsAddress, int maxEvents, long timeoutNanos);

    private static native int epollEventSize0();

    private static native int epollEventDataOffset0();

    private static native int ioUringSetup0(int entries, int flags, int cqEntries, int[] paramsOut);

    private static native int ioUringEnter0(int ringFd, int toSubmit, int minComplete, int flags, long timeoutNanos);

    private static native int ioUringRegister0(int ringFd, int opcode, long arg, int nrArgs);

    private static native int[] ioUringLayout0();

    private static native long mmap0(int fd, long offset, long length);

    private static native int munmap0(long address, long length);

    private static native int eventfd0(int initialValue, int flags);

    private static native int eventfdWrite0(int fd, long value);

    private static native long eventfdRead0(int fd);

    private static native int fdCheck0(int fd);
}
