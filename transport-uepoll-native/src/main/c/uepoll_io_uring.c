/* io_uring syscalls for the IO_URING ring: setup, enter, register. Java owns the ring memory. */
#include <linux/io_uring.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "netty_jni_util.h"
#include "uepoll_native.h"

/*
 * The binary contract with Java's IoUringParams: the order in which io_uring_params fields are
 * copied into the int[] that ioUringSetup0 fills. Keep in sync with IoUringParams.java.
 */
static void uepoll_copy_params(const struct io_uring_params* p, jint* out) {
    const __u32 fields[] = {
        p->sq_entries, p->cq_entries, p->features,
        p->sq_off.head, p->sq_off.tail, p->sq_off.ring_mask, p->sq_off.ring_entries,
        p->sq_off.flags, p->sq_off.dropped, p->sq_off.array,
        p->cq_off.head, p->cq_off.tail, p->cq_off.ring_mask, p->cq_off.ring_entries,
        p->cq_off.overflow, p->cq_off.cqes, p->cq_off.flags,
    };
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        out[i] = (jint) fields[i];
    }
}

#define UEPOLL_PARAMS_LEN 17

static jint uepoll_io_uring_setup(JNIEnv* env, jclass clazz, jint entries, jint flags, jint cqEntries,
                                  jintArray paramsOut) {
    if ((*env)->GetArrayLength(env, paramsOut) < UEPOLL_PARAMS_LEN) {
        return -EINVAL;
    }
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    p.flags = (__u32) flags;
    p.cq_entries = (__u32) cqEntries;
    jint fd = (jint) uepoll_result(syscall(__NR_io_uring_setup, (unsigned) entries, &p));
    if (fd >= 0) {
        jint out[UEPOLL_PARAMS_LEN];
        uepoll_copy_params(&p, out);
        (*env)->SetIntArrayRegion(env, paramsOut, 0, UEPOLL_PARAMS_LEN, out);
    }
    return fd;
}

/* timeoutNanos >= 0 bounds a GETEVENTS wait through IORING_ENTER_EXT_ARG; -ETIME on expiry. */
static jint uepoll_io_uring_enter(JNIEnv* env, jclass clazz, jint ringFd, jint toSubmit, jint minComplete,
                                  jint flags, jlong timeoutNanos) {
    if (timeoutNanos < 0) {
        return (jint) uepoll_result(syscall(__NR_io_uring_enter, ringFd, (unsigned) toSubmit,
                                            (unsigned) minComplete, (unsigned) flags, NULL, (size_t) 0));
    }
    struct __kernel_timespec ts = { .tv_sec = timeoutNanos / 1000000000L, .tv_nsec = timeoutNanos % 1000000000L };
    struct io_uring_getevents_arg arg;
    memset(&arg, 0, sizeof(arg));
    arg.ts = (__u64) (uintptr_t) &ts;
    return (jint) uepoll_result(syscall(__NR_io_uring_enter, ringFd, (unsigned) toSubmit, (unsigned) minComplete,
                                        (unsigned) flags | IORING_ENTER_EXT_ARG, &arg, sizeof(arg)));
}

static jint uepoll_io_uring_register_call(JNIEnv* env, jclass clazz, jint ringFd, jint opcode, jlong arg,
                                          jint nrArgs) {
    return (jint) uepoll_result(syscall(__NR_io_uring_register, ringFd, (unsigned) opcode,
                                        (void*) (uintptr_t) arg, (unsigned) nrArgs));
}

/* Sizes and offsets of io_uring_sqe/cqe and the opcodes we issue, so a test can check Java's descriptors against C. */
static jintArray uepoll_io_uring_layout(JNIEnv* env, jclass clazz) {
    const jint layout[] = {
        sizeof(struct io_uring_sqe),
        offsetof(struct io_uring_sqe, opcode), offsetof(struct io_uring_sqe, flags),
        offsetof(struct io_uring_sqe, fd), offsetof(struct io_uring_sqe, off),
        offsetof(struct io_uring_sqe, addr), offsetof(struct io_uring_sqe, len),
        offsetof(struct io_uring_sqe, poll32_events), offsetof(struct io_uring_sqe, user_data),
        sizeof(struct io_uring_cqe),
        offsetof(struct io_uring_cqe, user_data), offsetof(struct io_uring_cqe, res),
        offsetof(struct io_uring_cqe, flags),
        UEPOLL_PARAMS_LEN, offsetof(struct io_uring_sqe, msg_flags),
        IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE, IORING_OP_ASYNC_CANCEL,
        IORING_OP_SENDMSG, IORING_OP_SEND, IORING_OP_RECV,
        offsetof(struct io_uring_sqe, ioprio), offsetof(struct io_uring_sqe, buf_group),
        IOSQE_BUFFER_SELECT, IORING_RECV_MULTISHOT, IORING_CQE_F_BUFFER,
        IORING_CQE_BUFFER_SHIFT, IORING_REGISTER_PBUF_RING, IORING_UNREGISTER_PBUF_RING,
        sizeof(struct io_uring_buf), offsetof(struct io_uring_buf, addr), offsetof(struct io_uring_buf, len),
        offsetof(struct io_uring_buf, bid), offsetof(struct io_uring_buf_ring, tail),
        sizeof(struct io_uring_buf_reg), offsetof(struct io_uring_buf_reg, ring_addr),
        offsetof(struct io_uring_buf_reg, ring_entries), offsetof(struct io_uring_buf_reg, bgid),
        IORING_OP_ACCEPT, IORING_ACCEPT_MULTISHOT, offsetof(struct io_uring_sqe, accept_flags), IORING_OP_CONNECT, IORING_OP_CLOSE,
    };
    return uepoll_int_array(env, layout, UEPOLL_ARRAY_LEN(layout));
}

static const JNINativeMethod io_uring_methods[] = {
    { "ioUringSetup0", "(III[I)I", (void*) uepoll_io_uring_setup },
    { "ioUringEnter0", "(IIIIJ)I", (void*) uepoll_io_uring_enter },
    { "ioUringRegister0", "(IIJI)I", (void*) uepoll_io_uring_register_call },
    { "ioUringLayout0", "()[I", (void*) uepoll_io_uring_layout },
};

jint uepoll_io_uring_register(JNIEnv* env, const char* packagePrefix) {
    return netty_jni_util_register_natives(env, packagePrefix, UEPOLL_NATIVE_CLASS,
                                           io_uring_methods, UEPOLL_ARRAY_LEN(io_uring_methods));
}
