package io.uepoll.testsuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Netty's connect-timeout tests dial an unroutable "bad host" (198.51.100.254). Tests here may only
 * send traffic to loopback, so the bad host becomes a loopback listener whose accept queue is full:
 * Linux drops further SYNs, and a connect to it stays in progress until it times out, exactly like
 * an unroutable address. Installed before Netty's SocketTestPermutation reads its properties.
 */
final class LoopbackBlackhole {
    private static ServerSocket listener;
    private static final java.util.List<Socket> FILLERS = new java.util.ArrayList<>();

    private LoopbackBlackhole() {
    }

    static synchronized void install() {
        if (listener != null) {
            return;
        }
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            listener = new ServerSocket();
            // Backlog 1 (Java turns 0 into 50): fill the accept queue until a connect stops completing.
            listener.bind(new InetSocketAddress(loopback, 0), 1);
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(listener.getLocalSocketAddress(), 300);
                    FILLERS.add(socket);
                } catch (java.net.SocketTimeoutException full) {
                    socket.close();
                    break;
                }
            }
            System.setProperty("io.netty.testsuite.badHost", "127.0.0.1");
            System.setProperty("io.netty.testsuite.badPort", Integer.toString(listener.getLocalPort()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the loopback blackhole for connect-timeout tests", e);
        }
    }
}
