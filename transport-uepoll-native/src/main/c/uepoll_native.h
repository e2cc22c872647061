/*
 * netty-uepoll native library: thin syscall wrappers only. Every wrapper returns the kernel's
 * result or -errno; Java turns negative values into exceptions. No ring is ever walked here.
 */
#ifndef UEPOLL_NATIVE_H_
#define UEPOLL_NATIVE_H_

#include <errno.h>
#include <jni.h>

/* The Java class that owns every native method of this library. */
#define UEPOLL_NATIVE_CLASS "io/uepoll/channel/internal/Native"
/* The Java class that owns the socket natives (domain names, datagram batching). */
#define UEPOLL_NATIVE_SOCKET_CLASS "io/uepoll/channel/internal/NativeSocket"
/* The Java class that owns the struct-valued socket options (TCP_MD5SIG, TCP_INFO). */
#define UEPOLL_NATIVE_SOCKOPT_CLASS "io/uepoll/channel/internal/NativeSockopt"
/* The Java class that reads the C headers' constants for the load-time check. */
#define UEPOLL_NATIVE_CONSTANTS_CLASS "io/uepoll/channel/internal/NativeConstants"

#define UEPOLL_ARRAY_LEN(a) ((jint) (sizeof(a) / sizeof((a)[0])))

/* A new Java int[] holding values[0..len): how every layout and constant table reaches Java. NULL
 * with an exception pending when the JVM is out of memory. */
static inline jintArray uepoll_int_array(JNIEnv* env, const jint* values, jint len) {
    jintArray array = (*env)->NewIntArray(env, len);
    if (array != NULL) {
        (*env)->SetIntArrayRegion(env, array, 0, len, values);
    }
    return array;
}

/* Returns res, or -errno when res is -1: the one place that turns libc's convention into ours. */
static inline jlong uepoll_result(long res) {
    return res == -1 ? -errno : res;
}

jint uepoll_epoll_register(JNIEnv* env, const char* packagePrefix);
jint uepoll_io_uring_register(JNIEnv* env, const char* packagePrefix);
jint uepoll_fd_register(JNIEnv* env, const char* packagePrefix);
jint uepoll_unix_bridge_register(JNIEnv* env, const char* packagePrefix);
jint uepoll_domain_register(JNIEnv* env, const char* packagePrefix);
jint uepoll_datagram_register(JNIEnv* env, const char* packagePrefix);
jint uepoll_sockopt_register(JNIEnv* env, const char* packagePrefix);
jint uepoll_constants_register(JNIEnv* env, const char* packagePrefix);
void uepoll_unix_bridge_unregister(JNIEnv* env);
/* The shading prefix found at load time (NULL when not shaded); owned by the bridge. */
const char* uepoll_package_prefix(void);

#endif /* UEPOLL_NATIVE_H_ */
