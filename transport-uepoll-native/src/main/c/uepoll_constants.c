/*
 * The kernel constants and the USERPOLL layout as the C headers define them, by name, for Java's
 * load-time check (NativeConstants.verify): every Java constant must be here with the same value,
 * and everything here must exist in Java. The USERPOLL structs come from the uapi header that the
 * kernel patch exports (extracted at build time into uepoll_uapi.h), not from a copy.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/types.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#define __force
#include "uepoll_uapi.h"

#include "netty_jni_util.h"
#include "uepoll_native.h"

struct uepoll_constant {
    const char* name;
    jint value;
};

#define LINUX(name) { #name, (jint) (name) }
#define USERPOLL(name, value) { "UserpollLayout." #name, (jint) (value) }

static const struct uepoll_constant constants[] = {
    LINUX(SOL_SOCKET), LINUX(SOL_IP), LINUX(SOL_TCP), LINUX(SOL_UDP), LINUX(SOL_IPV6),
    LINUX(SO_REUSEPORT), LINUX(SO_PEERCRED), LINUX(SO_ACCEPTCONN), LINUX(SO_DOMAIN), LINUX(SO_BUSY_POLL),
    LINUX(IP_FREEBIND), LINUX(IP_TRANSPARENT), LINUX(IP_ORIGDSTADDR), LINUX(IP_BIND_ADDRESS_NO_PORT),
    LINUX(IP_MULTICAST_IF), LINUX(IP_MULTICAST_TTL), LINUX(IP_MULTICAST_LOOP), LINUX(MCAST_JOIN_GROUP),
    LINUX(MCAST_BLOCK_SOURCE), LINUX(MCAST_UNBLOCK_SOURCE), LINUX(MCAST_LEAVE_GROUP),
    LINUX(MCAST_JOIN_SOURCE_GROUP), LINUX(MCAST_LEAVE_SOURCE_GROUP), LINUX(IP_MULTICAST_ALL),
    LINUX(IPV6_MULTICAST_IF), LINUX(IPV6_MULTICAST_HOPS), LINUX(IPV6_MULTICAST_LOOP),
    LINUX(IPV6_MULTICAST_ALL), LINUX(IPV6_ORIGDSTADDR),
    LINUX(TCP_CORK), LINUX(TCP_KEEPIDLE), LINUX(TCP_KEEPINTVL), LINUX(TCP_KEEPCNT), LINUX(TCP_DEFER_ACCEPT),
    LINUX(TCP_INFO), LINUX(TCP_QUICKACK), LINUX(TCP_MD5SIG), LINUX(TCP_USER_TIMEOUT), LINUX(TCP_FASTOPEN),
    LINUX(TCP_NOTSENT_LOWAT), LINUX(TCP_FASTOPEN_CONNECT),
    LINUX(UDP_SEGMENT), LINUX(UDP_GRO),
    LINUX(AF_UNIX), LINUX(AF_INET), LINUX(AF_INET6), LINUX(MSG_CTRUNC), LINUX(MSG_TRUNC), LINUX(MSG_NOSIGNAL),
    LINUX(EPOLL_CTL_ADD), LINUX(EPOLL_CTL_DEL), LINUX(EPOLL_CTL_MOD), LINUX(EPOLLIN), LINUX(EPOLLOUT),
    LINUX(EPOLLERR), LINUX(EPOLLHUP), LINUX(EPOLLRDHUP), LINUX(EPOLLET), LINUX(EPOLL_CLOEXEC),
    LINUX(EFD_NONBLOCK), LINUX(EFD_CLOEXEC),
    LINUX(EPERM), LINUX(ENOENT), LINUX(EINTR), LINUX(EBADF), LINUX(EAGAIN), LINUX(ENOMEM), LINUX(EBUSY),
    LINUX(EINVAL), LINUX(ENOSPC), LINUX(ENOSYS), LINUX(ETIME), LINUX(EALREADY), LINUX(ESTALE),
    LINUX(ECANCELED), LINUX(ENOBUFS), LINUX(EMFILE), LINUX(SOCK_NONBLOCK), LINUX(SOCK_CLOEXEC),

    USERPOLL(MAGIC, EPOLL_USERPOLL_HEADER_MAGIC),
    USERPOLL(HEADER_SIZE, sizeof(struct epoll_uheader)),
    USERPOLL(MAGIC_OFFSET, offsetof(struct epoll_uheader, magic)),
    USERPOLL(HEADER_LENGTH_OFFSET, offsetof(struct epoll_uheader, header_length)),
    USERPOLL(INDEX_LENGTH_OFFSET, offsetof(struct epoll_uheader, index_length)),
    USERPOLL(MAX_ITEMS_OFFSET, offsetof(struct epoll_uheader, max_items_nr)),
    USERPOLL(HEAD_OFFSET, offsetof(struct epoll_uheader, head)),
    USERPOLL(TAIL_OFFSET, offsetof(struct epoll_uheader, tail)),
    USERPOLL(ITEMS_OFFSET, offsetof(struct epoll_uheader, items)),
    USERPOLL(ITEM_SIZE, sizeof(struct epoll_uitem)),
    USERPOLL(ITEM_READY_EVENTS, offsetof(struct epoll_uitem, ready_events)),
    USERPOLL(ITEM_EVENTS, offsetof(struct epoll_uitem, events)),
    USERPOLL(ITEM_DATA, offsetof(struct epoll_uitem, data)),
    USERPOLL(EPOLL_USERPOLL, EPOLL_USERPOLL),
    USERPOLL(MAX_ITEMS_LIMIT, EPOLL_USERPOLL_MAX_ITEMS),
    USERPOLL(EPOLLREMOVED, EPOLLREMOVED),
};

/* The header's size is part of the ABI: the kernel maps items right after it. */
_Static_assert(EPOLL_USERPOLL_HEADER_SIZE == sizeof(struct epoll_uheader), "epoll_uheader is not 128 bytes");

static jobjectArray uepoll_constant_names(JNIEnv* env, jclass clazz) {
    jclass stringClass = (*env)->FindClass(env, "java/lang/String");
    if (stringClass == NULL) {
        return NULL;
    }
    jobjectArray names = (*env)->NewObjectArray(env, UEPOLL_ARRAY_LEN(constants), stringClass, NULL);
    for (jint i = 0; names != NULL && i < UEPOLL_ARRAY_LEN(constants); i++) {
        jstring name = (*env)->NewStringUTF(env, constants[i].name);
        if (name == NULL) {
            return NULL; /* OutOfMemoryError pending */
        }
        (*env)->SetObjectArrayElement(env, names, i, name);
        (*env)->DeleteLocalRef(env, name);
    }
    return names;
}

static jintArray uepoll_constant_values(JNIEnv* env, jclass clazz) {
    jint values[UEPOLL_ARRAY_LEN(constants)];
    for (jint i = 0; i < UEPOLL_ARRAY_LEN(constants); i++) {
        values[i] = constants[i].value;
    }
    return uepoll_int_array(env, values, UEPOLL_ARRAY_LEN(values));
}

static const JNINativeMethod constants_methods[] = {
    { "names0", "()[Ljava/lang/String;", (void*) uepoll_constant_names },
    { "values0", "()[I", (void*) uepoll_constant_values },
};

jint uepoll_constants_register(JNIEnv* env, const char* packagePrefix) {
    return netty_jni_util_register_natives(env, packagePrefix, UEPOLL_NATIVE_CONSTANTS_CLASS,
                                           constants_methods, UEPOLL_ARRAY_LEN(constants_methods));
}
