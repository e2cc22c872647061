#define _GNU_SOURCE /* sendmmsg, recvmmsg, struct mmsghdr */
/*
 * Datagram batching: sendmmsg/recvmmsg over an array of struct mmsghdr that Java lays out and fills
 * in direct memory (names, iovecs, control messages for UDP_SEGMENT, UDP_GRO, IP_ORIGDSTADDR), using
 * the sizes and offsets reported here. C only makes the calls.
 */
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "netty_jni_util.h"
#include "uepoll_native.h"

static jint uepoll_sendmmsg(JNIEnv* env, jclass clazz, jint fd, jlong msgvecAddress, jint vlen) {
    struct mmsghdr* msgvec = (struct mmsghdr*) (intptr_t) msgvecAddress;
    int res;
    do {
        res = sendmmsg(fd, msgvec, (unsigned int) vlen, 0);
    } while (res == -1 && errno == EINTR);
    return (jint) uepoll_result(res);
}

static jint uepoll_recvmmsg(JNIEnv* env, jclass clazz, jint fd, jlong msgvecAddress, jint vlen) {
    struct mmsghdr* msgvec = (struct mmsghdr*) (intptr_t) msgvecAddress;
    int res;
    do {
        res = recvmmsg(fd, msgvec, (unsigned int) vlen, 0, NULL);
    } while (res == -1 && errno == EINTR);
    return (jint) uepoll_result(res);
}

/* Sizes, offsets and constants in the order of SocketLayout.EXPECTED_C_LAYOUT. */
static jintArray uepoll_socket_layout(JNIEnv* env, jclass clazz) {
    const jint layout[] = {
        sizeof(struct mmsghdr), offsetof(struct mmsghdr, msg_hdr), offsetof(struct mmsghdr, msg_len),
        offsetof(struct msghdr, msg_name), offsetof(struct msghdr, msg_namelen),
        offsetof(struct msghdr, msg_iov), offsetof(struct msghdr, msg_iovlen),
        offsetof(struct msghdr, msg_control), offsetof(struct msghdr, msg_controllen),
        offsetof(struct msghdr, msg_flags),
        sizeof(struct iovec), offsetof(struct iovec, iov_base), offsetof(struct iovec, iov_len),
        sizeof(struct sockaddr_storage),
        sizeof(struct sockaddr_in), offsetof(struct sockaddr_in, sin_family),
        offsetof(struct sockaddr_in, sin_port), offsetof(struct sockaddr_in, sin_addr),
        sizeof(struct sockaddr_in6), offsetof(struct sockaddr_in6, sin6_family),
        offsetof(struct sockaddr_in6, sin6_port), offsetof(struct sockaddr_in6, sin6_flowinfo),
        offsetof(struct sockaddr_in6, sin6_addr), offsetof(struct sockaddr_in6, sin6_scope_id),
        sizeof(struct sockaddr_un), offsetof(struct sockaddr_un, sun_path),
        sizeof(struct cmsghdr), offsetof(struct cmsghdr, cmsg_len), offsetof(struct cmsghdr, cmsg_level),
        offsetof(struct cmsghdr, cmsg_type), CMSG_LEN(0), CMSG_SPACE(1) - CMSG_SPACE(0),
        sizeof(struct group_req), offsetof(struct group_req, gr_group),
        sizeof(struct group_source_req), offsetof(struct group_source_req, gsr_group),
        offsetof(struct group_source_req, gsr_source),
    };
    return uepoll_int_array(env, layout, UEPOLL_ARRAY_LEN(layout));
}

static const JNINativeMethod datagram_methods[] = {
    { "sendmmsg0", "(IJI)I", (void*) uepoll_sendmmsg },
    { "recvmmsg0", "(IJI)I", (void*) uepoll_recvmmsg },
    { "socketLayout0", "()[I", (void*) uepoll_socket_layout },
};

jint uepoll_datagram_register(JNIEnv* env, const char* packagePrefix) {
    return netty_jni_util_register_natives(env, packagePrefix, UEPOLL_NATIVE_SOCKET_CLASS,
                                           datagram_methods, UEPOLL_ARRAY_LEN(datagram_methods));
}
