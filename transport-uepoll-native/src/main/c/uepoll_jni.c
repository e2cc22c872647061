/* Library entry points: netty-jni-util finds the (possibly shaded) package prefix from our file name. */
#include "netty_jni_util.h"
#include "uepoll_native.h"

#define UEPOLL_LIB_NAME "uepoll_transport_native"

static jint uepoll_load(JNIEnv* env, const char* packagePrefix) {
    if (uepoll_epoll_register(env, packagePrefix) != JNI_OK ||
        uepoll_io_uring_register(env, packagePrefix) != JNI_OK ||
        uepoll_fd_register(env, packagePrefix) != JNI_OK ||
        uepoll_unix_bridge_register(env, packagePrefix) != JNI_OK ||
        uepoll_domain_register(env, packagePrefix) != JNI_OK ||
        uepoll_datagram_register(env, packagePrefix) != JNI_OK ||
        uepoll_sockopt_register(env, packagePrefix) != JNI_OK ||
        uepoll_constants_register(env, packagePrefix) != JNI_OK) {
        return JNI_ERR;
    }
    return NETTY_JNI_UTIL_JNI_VERSION;
}

static void uepoll_unload(JNIEnv* env) {
    netty_jni_util_unregister_natives(env, uepoll_package_prefix(), UEPOLL_NATIVE_CLASS);
    netty_jni_util_unregister_natives(env, uepoll_package_prefix(), UEPOLL_NATIVE_SOCKET_CLASS);
    netty_jni_util_unregister_natives(env, uepoll_package_prefix(), UEPOLL_NATIVE_SOCKOPT_CLASS);
    netty_jni_util_unregister_natives(env, uepoll_package_prefix(), UEPOLL_NATIVE_CONSTANTS_CLASS);
    uepoll_unix_bridge_unregister(env);
}

JNIEXPORT jint JNI_OnLoad(JavaVM* vm, void* reserved) {
    return netty_jni_util_JNI_OnLoad(vm, reserved, UEPOLL_LIB_NAME, uepoll_load);
}

JNIEXPORT void JNI_OnUnload(JavaVM* vm, void* reserved) {
    netty_jni_util_JNI_OnUnload(vm, reserved, uepoll_unload);
}
