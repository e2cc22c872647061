/*
 * Unix-domain socket names. unix-common reads names with strlen(), which loses abstract names
 * (they start with a NUL byte); here the kernel's address length is kept, so Java sees every byte.
 */
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "netty_jni_util.h"
#include "uepoll_native.h"

/*
 * Copies the sun_path bytes of the socket's own name (peer false) or its peer's name into
 * sunPath; returns how many the kernel reported (0: unnamed), or -errno.
 */
static jint uepoll_unix_name(JNIEnv* env, jclass clazz, jint fd, jboolean peer, jbyteArray sunPath) {
    struct sockaddr_un addr;
    socklen_t len = sizeof(addr);
    memset(&addr, 0, sizeof(addr));
    int res = peer ? getpeername(fd, (struct sockaddr*) &addr, &len) : getsockname(fd, (struct sockaddr*) &addr, &len);
    if (res == -1) {
        return -errno;
    }
    if (addr.sun_family != AF_UNIX) {
        return -EAFNOSUPPORT;
    }
    const size_t pathOffset = offsetof(struct sockaddr_un, sun_path);
    size_t pathLen = len > pathOffset ? len - pathOffset : 0;
    if (pathLen > sizeof(addr.sun_path)) {
        pathLen = sizeof(addr.sun_path);
    }
    if ((size_t) (*env)->GetArrayLength(env, sunPath) < pathLen) {
        return -ENAMETOOLONG;
    }
    (*env)->SetByteArrayRegion(env, sunPath, 0, (jsize) pathLen, (const jbyte*) addr.sun_path);
    return (jint) pathLen;
}

static const JNINativeMethod domain_methods[] = {
    { "unixName0", "(IZ[B)I", (void*) uepoll_unix_name },
};

jint uepoll_domain_register(JNIEnv* env, const char* packagePrefix) {
    return netty_jni_util_register_natives(env, packagePrefix, UEPOLL_NATIVE_SOCKET_CLASS,
                                           domain_methods, UEPOLL_ARRAY_LEN(domain_methods));
}
