package io.uepoll.channel;

import io.uepoll.channel.internal.TcpInfoLayout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static io.uepoll.channel.internal.TcpInfoLayout.*;

/**
 * A TCP connection's {@code struct tcp_info} (see {@code man 7 tcp}), as read by
 * {@link UepollSocketChannel#tcpInfo(UepollTcpInfo)}; the same accessors as Netty's
 * {@code EpollTcpInfo}. Times are in microseconds (rtt, rttvar, rto, ato) or milliseconds (last_*).
 * Reuse one instance to read a connection repeatedly without garbage.
 */
public final class UepollTcpInfo {
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    /** The kernel's bytes, refilled by each read. */
    final byte[] raw = new byte[TcpInfoLayout.SIZE];

    private int u8(int offset) {
        return raw[offset] & 0xff;
    }

    private long u32(int offset) {
        return Integer.toUnsignedLong((int) U32.get(raw, offset));
    }

    /** The TCP state: 1 ESTABLISHED, 2 SYN_SENT... 10 LISTEN, as in the kernel's tcp_states.h. */
    public int state() {
        return u8(STATE);
    }

    public int caState() {
        return u8(CA_STATE);
    }

    public int retransmits() {
        return u8(RETRANSMITS);
    }

    public int probes() {
        return u8(PROBES);
    }

    public int backoff() {
        return u8(BACKOFF);
    }

    public int options() {
        return u8(OPTIONS);
    }

    public int sndWscale() {
        return u8(WSCALE) & 0xf;
    }

    public int rcvWscale() {
        return u8(WSCALE) >>> 4;
    }

    public long rto() {
        return u32(RTO);
    }

    public long ato() {
        return u32(ATO);
    }

    public long sndMss() {
        return u32(SND_MSS);
    }

    public long rcvMss() {
        return u32(RCV_MSS);
    }

    public long unacked() {
        return u32(UNACKED);
    }

    public long sacked() {
        return u32(SACKED);
    }

    public long lost() {
        return u32(LOST);
    }

    public long retrans() {
        return u32(RETRANS);
    }

    public long fackets() {
        return u32(FACKETS);
    }

    public long lastDataSent() {
        return u32(LAST_DATA_SENT);
    }

    public long lastAckSent() {
        return u32(LAST_ACK_SENT);
    }

    public long lastDataRecv() {
        return u32(LAST_DATA_RECV);
    }

    public long lastAckRecv() {
        return u32(LAST_ACK_RECV);
    }

    public long pmtu() {
        return u32(PMTU);
    }

    public long rcvSsthresh() {
        return u32(RCV_SSTHRESH);
    }

    /** Smoothed round-trip time in microseconds. */
    public long rtt() {
        return u32(RTT);
    }

    public long rttvar() {
        return u32(RTTVAR);
    }

    public long sndSsthresh() {
        return u32(SND_SSTHRESH);
    }

    public long sndCwnd() {
        return u32(SND_CWND);
    }

    public long advmss() {
        return u32(ADVMSS);
    }

    public long reordering() {
        return u32(REORDERING);
    }

    public long rcvRtt() {
        return u32(RCV_RTT);
    }

    public long rcvSpace() {
        return u32(RCV_SPACE);
    }

    public long totalRetrans() {
        return u32(TOTAL_RETRANS);
    }
}
