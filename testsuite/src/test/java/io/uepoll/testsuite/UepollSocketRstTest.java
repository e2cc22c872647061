package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.UnixChannel;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketRstTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

@ExtendWith(TestRing.class)
public class UepollSocketRstTest extends SocketRstTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return UepollSocketTestPermutation.INSTANCE.socket();
    }

    /** Our channels report the reset as the kernel's errno, like Netty's epoll channels. */
    @Override
    protected void assertRstOnCloseException(IOException cause, Channel clientChannel) {
        if (!(clientChannel instanceof UnixChannel)) {
            super.assertRstOnCloseException(cause, clientChannel);
            return;
        }
        Errors.NativeIoException nativeCause = assertInstanceOf(Errors.NativeIoException.class, cause,
                "actual [type, message]: [" + cause.getClass() + ", " + cause.getMessage() + "]");
        assertEquals(Errors.ERRNO_ECONNRESET_NEGATIVE, nativeCause.expectedErr());
    }
}
