/* epoll syscalls: the EPOLL_WAIT ring, and the USERPOLL ring's ctl/wait on a patched kernel. */
#include <stdint.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "netty_jni_util.h"
#include "uepoll_native.h"

static jint uepoll_epoll_create(JNIEnv* env, jclass clazz) {
    return (jint) uepoll_result(epoll_create1(EPOLL_CLOEXEC));
}

/*
 * epoll_create2 exists only on kernels with the uepoll patch. The syscall number comes from the
 * kernel's own probe (read by Java); this function is never called with a guessed number.
 */
static jint uepoll_epoll_create2(JNIEnv* env, jclass clazz, jint syscallNr, jint flags, jint maxItems) {
    if (syscallNr <= 0) {
        return -EINVAL;
    }
    return (jint) uepoll_result(syscall((long) syscallNr, (int) flags, (size_t) maxItems));
}

static jint uepoll_epoll_ctl(JNIEnv* env, jclass clazz, jint epfd, jint op, jint fd, jint events, jlong data) {
    struct epoll_event ev = { .events = (uint32_t) events, .data.u64 = (uint64_t) data };
    return (jint) uepoll_result(epoll_ctl(epfd, op, fd, op == EPOLL_CTL_DEL ? NULL : &ev));
}

/* timeoutNanos < 0 blocks without limit; the nanosecond timeout needs epoll_pwait2 (Linux 5.11). */
static jint uepoll_epoll_wait(JNIEnv* env, jclass clazz, jint epfd, jlong eventsAddress, jint maxEvents,
                              jlong timeoutNanos) {
    struct timespec ts = { .tv_sec = timeoutNanos / 1000000000L, .tv_nsec = timeoutNanos % 1000000000L };
    struct epoll_event* events = (struct epoll_event*) (intptr_t) eventsAddress;
    return (jint) uepoll_result(syscall(SYS_epoll_pwait2, epfd, events, maxEvents,
                                        timeoutNanos < 0 ? NULL : &ts, NULL, (size_t) 0));
}

/* struct epoll_event is packed on x86_64: Java reads its layout from here, never assumes it. */
static jint uepoll_epoll_event_size(JNIEnv* env, jclass clazz) {
    return (jint) sizeof(struct epoll_event);
}

static jint uepoll_epoll_event_data_offset(JNIEnv* env, jclass clazz) {
    return (jint) offsetof(struct epoll_event, data);
}

static const JNINativeMethod epoll_methods[] = {
    { "epollCreate0", "()I", (void*) uepoll_epoll_create },
    { "epollCreate2_0", "(III)I", (void*) uepoll_epoll_create2 },
    { "epollCtl0", "(IIIIJ)I", (void*) uepoll_epoll_ctl },
    { "epollWait0", "(IJIJ)I", (void*) uepoll_epoll_wait },
    { "epollEventSize0", "()I", (void*) uepoll_epoll_event_size },
    { "epollEventDataOffset0", "()I", (void*) uepoll_epoll_event_data_offset },
};

jint uepoll_epoll_register(JNIEnv* env, const char* packagePrefix) {
    return netty_jni_util_register_natives(env, packagePrefix, UEPOLL_NATIVE_CLASS,
                                           epoll_methods, UEPOLL_ARRAY_LEN(epoll_methods));
}
