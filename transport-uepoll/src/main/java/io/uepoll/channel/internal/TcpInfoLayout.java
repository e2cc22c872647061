package io.uepoll.channel.internal;

/**
 * The start of {@code struct tcp_info} of {@code <linux/tcp.h>} that TCP_INFO fills, the fields
 * Netty's {@code EpollTcpInfo} reads; checked against C by a test through {@link NativeSockopt#layout()}.
 * Kernels append fields and copy at most the length asked for, so reading this prefix works on any.
 *
 * <pre>
 *  0 state  1 ca_state  2 retransmits  3 probes  4 backoff  5 options
 *  6 snd_wscale (low nibble), rcv_wscale (high nibble)   7 app-limited and fastopen bits
 *  8.. u32 each: rto ato snd_mss rcv_mss unacked sacked lost retrans fackets
 *      last_data_sent last_ack_sent last_data_recv last_ack_recv pmtu rcv_ssthresh rtt rttvar
 *      snd_ssthresh snd_cwnd advmss reordering rcv_rtt rcv_space total_retrans (at 100)
 * </pre>
 */
public final class TcpInfoLayout {

    public static final int STATE = 0;
    public static final int CA_STATE = 1;
    public static final int RETRANSMITS = 2;
    public static final int PROBES = 3;
    public static final int BACKOFF = 4;
    public static final int OPTIONS = 5;
    public static final int WSCALE = 6;
    public static final int RTO = 8;
    public static final int ATO = 12;
    public static final int SND_MSS = 16;
    public static final int RCV_MSS = 20;
    public static final int UNACKED = 24;
    public static final int SACKED = 28;
    public static final int LOST = 32;
    public static final int RETRANS = 36;
    public static final int FACKETS = 40;
    public static final int LAST_DATA_SENT = 44;
    public static final int LAST_ACK_SENT = 48;
    public static final int LAST_DATA_RECV = 52;
    public static final int LAST_ACK_RECV = 56;
    public static final int PMTU = 60;
    public static final int RCV_SSTHRESH = 64;
    public static final int RTT = 68;
    public static final int RTTVAR = 72;
    public static final int SND_SSTHRESH = 76;
    public static final int SND_CWND = 80;
    public static final int ADVMSS = 84;
    public static final int REORDERING = 88;
    public static final int RCV_RTT = 92;
    public static final int RCV_SPACE = 96;
    public static final int TOTAL_RETRANS = 100;
    /** The bytes read: up to the end of total_retrans. */
    public static final int SIZE = 104;

    /** C sets snd_wscale 1 and rcv_wscale 2 and reports the byte they land in: index << 8 | value. */
    static final int WSCALE_PROBE = WSCALE << 8 | 0x21;

    /** The order of the second part of {@link NativeSockopt#layout()}'s answer. */
    static final int[] EXPECTED_C_LAYOUT = {
        STATE, CA_STATE, RETRANSMITS, PROBES, BACKOFF, OPTIONS, WSCALE_PROBE,
        RTO, ATO, SND_MSS, RCV_MSS, UNACKED, SACKED, LOST, RETRANS, FACKETS,
        LAST_DATA_SENT, LAST_ACK_SENT, LAST_DATA_RECV, LAST_ACK_RECV, PMTU, RCV_SSTHRESH, RTT, RTTVAR,
        SND_SSTHRESH, SND_CWND, ADVMSS, REORDERING, RCV_RTT, RCV_SPACE, TOTAL_RETRANS,
    };

    private TcpInfoLayout() {
    }
}
