package io.uepoll.channel.internal;

/**
 * Every kernel constant the transport uses, in one place, named as in the C headers. The values are
 * Linux x86_64's; when the native library loads, {@link NativeConstants#verify()} compares each one
 * with what the C headers say (by name, both ways), so a wrong or missing value stops the transport
 * from loading instead of misconfiguring a socket.
 */
public final class LinuxConstants {
    // Socket levels (<sys/socket.h>, <netinet/in.h>).
    public static final int SOL_SOCKET = 1;
    public static final int SOL_IP = 0;
    public static final int SOL_TCP = 6;
    public static final int SOL_UDP = 17;
    public static final int SOL_IPV6 = 41;

    // SOL_SOCKET options.
    public static final int SO_REUSEPORT = 15;
    public static final int SO_PEERCRED = 17;
    public static final int SO_ACCEPTCONN = 30;
    public static final int SO_DOMAIN = 39;
    public static final int SO_BUSY_POLL = 46;

    // SOL_IP options and control messages.
    public static final int IP_FREEBIND = 15;
    public static final int IP_TRANSPARENT = 19;
    /** Also IP_RECVORIGDSTADDR, the option that asks for it. */
    public static final int IP_ORIGDSTADDR = 20;
    public static final int IP_BIND_ADDRESS_NO_PORT = 24;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int MCAST_JOIN_GROUP = 42;
    public static final int MCAST_BLOCK_SOURCE = 43;
    public static final int MCAST_UNBLOCK_SOURCE = 44;
    public static final int MCAST_LEAVE_GROUP = 45;
    public static final int MCAST_JOIN_SOURCE_GROUP = 46;
    public static final int MCAST_LEAVE_SOURCE_GROUP = 47;
    public static final int IP_MULTICAST_ALL = 49;

    // SOL_IPV6 options and control messages.
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int IPV6_MULTICAST_ALL = 29;
    /** Also IPV6_RECVORIGDSTADDR. */
    public static final int IPV6_ORIGDSTADDR = 74;

    // SOL_TCP options (<netinet/tcp.h>).
    public static final int TCP_CORK = 3;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_DEFER_ACCEPT = 9;
    public static final int TCP_INFO = 11;
    public static final int TCP_QUICKACK = 12;
    public static final int TCP_MD5SIG = 14;
    public static final int TCP_USER_TIMEOUT = 18;
    public static final int TCP_FASTOPEN = 23;
    public static final int TCP_NOTSENT_LOWAT = 25;
    public static final int TCP_FASTOPEN_CONNECT = 30;

    // SOL_UDP options and control messages (<netinet/udp.h>).
    public static final int UDP_SEGMENT = 103;
    public static final int UDP_GRO = 104;

    // Address families and message flags.
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_NOSIGNAL = 0x4000;

    // epoll (<sys/epoll.h>): the poll bits are also io_uring's poll32_events and USERPOLL's ready_events.
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLET = 1 << 31;
    public static final int EPOLL_CLOEXEC = 0x80000;

    // eventfd (<sys/eventfd.h>).
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    // errno values (<errno.h>); syscalls return them negated.
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ENOSYS = 38;
    public static final int ETIME = 62;
    public static final int ENOBUFS = 105;
    public static final int EALREADY = 114;
    public static final int ESTALE = 116;
    public static final int ECANCELED = 125;
    public static final int EMFILE = 24;
    /** accept4 flags (an accept through the ring takes them too). */
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;

    private LinuxConstants() {
    }
}
