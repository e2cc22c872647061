/*
 * Binds the natives of io.netty.channel.unix (Socket, FileDescriptor, ...) from the linked
 * netty-unix-common archive. Java calls registerUnix() through Unix.registerInternal so that
 * the classes are bound once per class loader, even beside Netty's own epoll transport.
 */
#include <stdlib.h>
#include <string.h>

#include "netty_jni_util.h"
#include "netty_unix.h"
#include "uepoll_native.h"

static char* static_package_prefix = NULL;
static int unix_registered = 0;

static jint uepoll_register_unix(JNIEnv* env, jclass clazz) {
    // netty_unix_register answers JNI_ERR or the JNI version it needs.
    if (netty_unix_register(env, static_package_prefix) == JNI_ERR) {
        return JNI_ERR;
    }
    unix_registered = 1;
    return 0;
}

static const JNINativeMethod bridge_methods[] = {
    { "registerUnix0", "()I", (void*) uepoll_register_unix },
};

jint uepoll_unix_bridge_register(JNIEnv* env, const char* packagePrefix) {
    if (packagePrefix != NULL) {
        static_package_prefix = strdup(packagePrefix);
        if (static_package_prefix == NULL) {
            return JNI_ERR;
        }
    }
    return netty_jni_util_register_natives(env, packagePrefix, UEPOLL_NATIVE_CLASS,
                                           bridge_methods, UEPOLL_ARRAY_LEN(bridge_methods));
}

const char* uepoll_package_prefix(void) {
    return static_package_prefix;
}

void uepoll_unix_bridge_unregister(JNIEnv* env) {
    if (unix_registered) {
        netty_unix_unregister(env, static_package_prefix);
        unix_registered = 0;
    }
    free(static_package_prefix);
    static_package_prefix = NULL;
}
