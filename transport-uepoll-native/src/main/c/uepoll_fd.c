/* File-descriptor syscalls shared by all rings: shared-memory mappings and the wakeup eventfd. */
#include <fcntl.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "netty_jni_util.h"
#include "uepoll_native.h"

/* Maps ring memory shared with the kernel; MAP_POPULATE so the first harvest takes no fault. */
static jlong uepoll_mmap(JNIEnv* env, jclass clazz, jint fd, jlong offset, jlong length) {
    void* addr = mmap(NULL, (size_t) length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, (off_t) offset);
    return addr == MAP_FAILED ? -errno : (jlong) (uintptr_t) addr;
}

static jint uepoll_munmap(JNIEnv* env, jclass clazz, jlong address, jlong length) {
    return (jint) uepoll_result(munmap((void*) (uintptr_t) address, (size_t) length));
}

static jint uepoll_eventfd(JNIEnv* env, jclass clazz, jint initialValue, jint flags) {
    return (jint) uepoll_result(eventfd((unsigned) initialValue, flags));
}

static jint uepoll_eventfd_write(JNIEnv* env, jclass clazz, jint fd, jlong value) {
    uint64_t v = (uint64_t) value;
    return (jint) uepoll_result(write(fd, &v, sizeof(v)));
}

/* Returns the counter (reset to zero by the read), or -errno (-EAGAIN when it was zero). */
static jlong uepoll_eventfd_read(JNIEnv* env, jclass clazz, jint fd) {
    uint64_t v = 0;
    long res = read(fd, &v, sizeof(v));
    return res == -1 ? -errno : (jlong) v;
}

static jint uepoll_fd_check(JNIEnv* env, jclass clazz, jint fd) {
    return (jint) uepoll_result(fcntl(fd, F_GETFD));
}

static const JNINativeMethod fd_methods[] = {
    { "mmap0", "(IJJ)J", (void*) uepoll_mmap },
    { "munmap0", "(JJ)I", (void*) uepoll_munmap },
    { "eventfd0", "(II)I", (void*) uepoll_eventfd },
    { "eventfdWrite0", "(IJ)I", (void*) uepoll_eventfd_write },
    { "eventfdRead0", "(I)J", (void*) uepoll_eventfd_read },
    { "fdCheck0", "(I)I", (void*) uepoll_fd_check },
};

jint uepoll_fd_register(JNIEnv* env, const char* packagePrefix) {
    return netty_jni_util_register_natives(env, packagePrefix, UEPOLL_NATIVE_CLASS,
                                           fd_methods, UEPOLL_ARRAY_LEN(fd_methods));
}
