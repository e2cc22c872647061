/*
 * Socket options whose value is a struct (TCP_MD5SIG's tcp_md5sig, TCP_INFO's tcp_info): Java lays
 * the bytes out with the offsets reported here and C only makes the call, returning -errno, so the
 * Java side can name the option in its error.
 */
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "netty_jni_util.h"
#include "uepoll_native.h"

/* Larger than every struct passed through here (tcp_md5sig 216, tcp_info about 250). */
#define UEPOLL_SOCKOPT_MAX 512

static jint uepoll_setsockopt_bytes(JNIEnv* env, jclass clazz, jint fd, jint level, jint name, jbyteArray value) {
    char buf[UEPOLL_SOCKOPT_MAX];
    jsize len = (*env)->GetArrayLength(env, value);
    if (len > UEPOLL_SOCKOPT_MAX) {
        return -EINVAL;
    }
    (*env)->GetByteArrayRegion(env, value, 0, len, (jbyte*) buf);
    return (jint) uepoll_result(setsockopt(fd, level, name, buf, (socklen_t) len));
}

/* Fills the start of out; returns how many bytes the kernel wrote, or -errno. */
static jint uepoll_getsockopt_bytes(JNIEnv* env, jclass clazz, jint fd, jint level, jint name, jbyteArray out) {
    char buf[UEPOLL_SOCKOPT_MAX];
    jsize capacity = (*env)->GetArrayLength(env, out);
    socklen_t len = capacity < UEPOLL_SOCKOPT_MAX ? (socklen_t) capacity : UEPOLL_SOCKOPT_MAX;
    memset(buf, 0, sizeof(buf));
    if (getsockopt(fd, level, name, buf, &len) == -1) {
        return -errno;
    }
    (*env)->SetByteArrayRegion(env, out, 0, (jsize) len, (const jbyte*) buf);
    return (jint) len;
}

/* The byte holding tcpi_snd_wscale (low nibble 1) and tcpi_rcv_wscale (high nibble 2): index << 8 | value. */
static jint uepoll_tcp_info_wscale(void) {
    struct tcp_info info;
    memset(&info, 0, sizeof(info));
    info.tcpi_snd_wscale = 1;
    info.tcpi_rcv_wscale = 2;
    const unsigned char* bytes = (const unsigned char*) &info;
    for (jint i = 0; i < (jint) sizeof(info); i++) {
        if (bytes[i] != 0) {
            return i << 8 | bytes[i];
        }
    }
    return -1;
}

/* In the order of TcpMd5SigLayout.EXPECTED_C_LAYOUT, then TcpInfoLayout.EXPECTED_C_LAYOUT. */
static jintArray uepoll_sockopt_layout(JNIEnv* env, jclass clazz) {
    const jint layout[] = {
        sizeof(struct tcp_md5sig), offsetof(struct tcp_md5sig, tcpm_addr),
        offsetof(struct tcp_md5sig, tcpm_keylen), offsetof(struct tcp_md5sig, tcpm_key), TCP_MD5SIG_MAXKEYLEN,
        offsetof(struct tcp_info, tcpi_state), offsetof(struct tcp_info, tcpi_ca_state),
        offsetof(struct tcp_info, tcpi_retransmits), offsetof(struct tcp_info, tcpi_probes),
        offsetof(struct tcp_info, tcpi_backoff), offsetof(struct tcp_info, tcpi_options),
        uepoll_tcp_info_wscale(),
        offsetof(struct tcp_info, tcpi_rto), offsetof(struct tcp_info, tcpi_ato),
        offsetof(struct tcp_info, tcpi_snd_mss), offsetof(struct tcp_info, tcpi_rcv_mss),
        offsetof(struct tcp_info, tcpi_unacked), offsetof(struct tcp_info, tcpi_sacked),
        offsetof(struct tcp_info, tcpi_lost), offsetof(struct tcp_info, tcpi_retrans),
        offsetof(struct tcp_info, tcpi_fackets), offsetof(struct tcp_info, tcpi_last_data_sent),
        offsetof(struct tcp_info, tcpi_last_ack_sent), offsetof(struct tcp_info, tcpi_last_data_recv),
        offsetof(struct tcp_info, tcpi_last_ack_recv), offsetof(struct tcp_info, tcpi_pmtu),
        offsetof(struct tcp_info, tcpi_rcv_ssthresh), offsetof(struct tcp_info, tcpi_rtt),
        offsetof(struct tcp_info, tcpi_rttvar), offsetof(struct tcp_info, tcpi_snd_ssthresh),
        offsetof(struct tcp_info, tcpi_snd_cwnd), offsetof(struct tcp_info, tcpi_advmss),
        offsetof(struct tcp_info, tcpi_reordering), offsetof(struct tcp_info, tcpi_rcv_rtt),
        offsetof(struct tcp_info, tcpi_rcv_space), offsetof(struct tcp_info, tcpi_total_retrans),
    };
    return uepoll_int_array(env, layout, UEPOLL_ARRAY_LEN(layout));
}

static const JNINativeMethod sockopt_methods[] = {
    { "setsockopt0", "(III[B)I", (void*) uepoll_setsockopt_bytes },
    { "getsockopt0", "(III[B)I", (void*) uepoll_getsockopt_bytes },
    { "layout0", "()[I", (void*) uepoll_sockopt_layout },
};

jint uepoll_sockopt_register(JNIEnv* env, const char* packagePrefix) {
    return netty_jni_util_register_natives(env, packagePrefix, UEPOLL_NATIVE_SOCKOPT_CLASS,
                                           sockopt_methods, UEPOLL_ARRAY_LEN(sockopt_methods));
}
