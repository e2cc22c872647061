package io.uepoll.channel.internal;

/**
 * The socket ABI pieces the datagram and domain-socket channels lay out in direct memory, fixed by
 * {@code <sys/socket.h>}, {@code <netinet/in.h>} and {@code <sys/un.h>} on Linux x86_64 and checked
 * against C by a test through {@link NativeSocket#layout()}.
 *
 * <pre>
 *  mmsghdr (64)                       cmsghdr (16 + data)            sockaddr_in6 (28)
 *  0  msghdr.msg_name       ptr       0  cmsg_len    size_t          0  u16 family (host order)
 *  8  msghdr.msg_namelen    u32       8  cmsg_level  int             2  u16 port (network order)
 *  16 msghdr.msg_iov        ptr       12 cmsg_type   int             4  u32 flowinfo
 *  24 msghdr.msg_iovlen     size_t    16 data, padded to 8           8  u8[16] addr
 *  32 msghdr.msg_control    ptr                                      24 u32 scope_id
 *  40 msghdr.msg_controllen size_t    sockaddr_in (16): family 0, port 2, addr 4
 *  48 msghdr.msg_flags      int       sockaddr_un (110): family 0, sun_path 2 (108 bytes)
 *  56 msg_len               u32       group_req (136): u32 interface, sockaddr_storage group at 8
 * </pre>
 * group_source_req (264): u32 interface, group at 8, source at 136. Nothing here is shared with the
 * kernel across calls: each structure is filled before the syscall and read after it returns.
 */
final class SocketLayout {
    static final int MMSGHDR_SIZE = 64;
    static final int MMSG_HDR = 0;
    static final int MMSG_LEN = 56;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;

    static final int IOVEC_SIZE = 16;
    static final int IOV_BASE = 0;
    static final int IOV_LEN = 8;

    static final int SOCKADDR_STORAGE_SIZE = 128;
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SIN_FAMILY = 0;
    static final int SIN_PORT = 2;
    static final int SIN_ADDR = 4;
    static final int SOCKADDR_IN6_SIZE = 28;
    static final int SIN6_FAMILY = 0;
    static final int SIN6_PORT = 2;
    static final int SIN6_FLOWINFO = 4;
    static final int SIN6_ADDR = 8;
    static final int SIN6_SCOPE_ID = 24;
    static final int SOCKADDR_UN_SIZE = 110;
    static final int SUN_PATH = 2;

    static final int CMSGHDR_SIZE = 16;
    static final int CMSG_LEN_FIELD = 0;
    static final int CMSG_LEVEL = 8;
    static final int CMSG_TYPE = 12;
    /** CMSG_LEN(0): where a control message's data starts. */
    static final int CMSG_DATA = 16;
    /** CMSG_ALIGN's unit: control messages are padded to a multiple of it. */
    static final int CMSG_ALIGNMENT = 8;

    static final int GROUP_REQ_SIZE = 136;
    static final int GR_GROUP = 8;
    static final int GROUP_SOURCE_REQ_SIZE = 264;
    static final int GSR_GROUP = 8;
    static final int GSR_SOURCE = 136;

    // Families, flags and control-message types are in LinuxConstants, checked when the library loads.

    /** The order of {@link NativeSocket#layout()}'s answer; a test compares it with the fields above. */
    static final int[] EXPECTED_C_LAYOUT = {
        MMSGHDR_SIZE, MMSG_HDR, MMSG_LEN, MSG_NAME, MSG_NAMELEN, MSG_IOV, MSG_IOVLEN, MSG_CONTROL, MSG_CONTROLLEN,
        MSG_FLAGS, IOVEC_SIZE, IOV_BASE, IOV_LEN, SOCKADDR_STORAGE_SIZE,
        SOCKADDR_IN_SIZE, SIN_FAMILY, SIN_PORT, SIN_ADDR,
        SOCKADDR_IN6_SIZE, SIN6_FAMILY, SIN6_PORT, SIN6_FLOWINFO, SIN6_ADDR, SIN6_SCOPE_ID,
        SOCKADDR_UN_SIZE, SUN_PATH, CMSGHDR_SIZE, CMSG_LEN_FIELD, CMSG_LEVEL, CMSG_TYPE, CMSG_DATA, CMSG_ALIGNMENT,
        GROUP_REQ_SIZE, GR_GROUP, GROUP_SOURCE_REQ_SIZE, GSR_GROUP, GSR_SOURCE,
    };

    /** CMSG_SPACE(dataLength): the bytes a control message with this much data takes in the buffer. */
    static int cmsgSpace(int dataLength) {
        return CMSGHDR_SIZE + align(dataLength);
    }

    /** CMSG_LEN(dataLength): the value of cmsg_len for this much data. */
    static int cmsgLen(int dataLength) {
        return CMSG_DATA + dataLength;
    }

    static int align(int length) {
        return (length + CMSG_ALIGNMENT - 1) & -CMSG_ALIGNMENT;
    }

    private SocketLayout() {
    }
}
