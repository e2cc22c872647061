package io.uepoll.testsuite;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.unix.Socket;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.AbstractSocketShutdownOutputByPeerTest;
import io.uepoll.channel.Uepoll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** The peer is a plain AF_UNIX socket of unix-common, as in Netty's EpollDomainSocketShutdownOutputByPeerTest. */
@ExtendWith(TestRing.class)
public class UepollDomainSocketShutdownOutputByPeerTest extends AbstractSocketShutdownOutputByPeerTest<Socket> {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<ServerBootstrap>> newFactories() {
        return UepollDomainSocketTestPermutation.INSTANCE.serverDomainSocket();
    }

    @Override
    protected SocketAddress newSocketAddress() {
        return UepollDomainSocketTestPermutation.newDomainSocketAddress();
    }

    @Override
    protected void shutdownOutput(Socket s) throws IOException {
        s.shutdown(false, true);
    }

    @Override
    protected void connect(Socket s, SocketAddress address) throws IOException {
        s.connect(address);
    }

    @Override
    protected void close(Socket s) throws IOException {
        s.close();
    }

    @Override
    protected void write(Socket s, int data) throws IOException {
        // Native order as in Netty's epoll test: the handler reads the first byte.
        ByteBuffer buf = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(data).flip();
        s.send(buf, buf.position(), buf.limit());
    }

    @Override
    protected Socket newSocket() {
        Uepoll.ensureAvailability(); // binds unix-common's natives
        return Socket.newSocketDomain();
    }
}
