package io.uepoll.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import io.netty.util.internal.PlatformDependent;
import io.uepoll.channel.UepollDomainDatagramChannel;
import io.uepoll.channel.UepollDomainSocketChannel;
import io.uepoll.channel.UepollServerDomainSocketChannel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Netty's socket tests re-run over Unix-domain sockets, as Netty's epoll module does: our domain
 * server with our domain client (NIO has no domain channels in Netty 4.2), on the loop group of
 * {@link UepollSocketTestPermutation} (the ring this JVM runs, see {@link TestRing}).
 */
public final class UepollDomainSocketTestPermutation extends SocketTestPermutation {
    static final UepollDomainSocketTestPermutation INSTANCE = new UepollDomainSocketTestPermutation();

    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> domainSocket() {
        return combo(serverDomainSocket(), clientDomainSocket());
    }

    public List<BootstrapFactory<ServerBootstrap>> serverDomainSocket() {
        return Collections.singletonList(() -> new ServerBootstrap().group(UepollSocketTestPermutation.group())
                .channel(UepollServerDomainSocketChannel.class));
    }

    public List<BootstrapFactory<Bootstrap>> clientDomainSocket() {
        return Collections.singletonList(() -> new Bootstrap().group(UepollSocketTestPermutation.group())
                .channel(UepollDomainSocketChannel.class));
    }

    public List<BootstrapComboFactory<Bootstrap, Bootstrap>> domainDatagram() {
        return combo(domainDatagramSocket(), domainDatagramSocket());
    }

    public List<BootstrapFactory<Bootstrap>> domainDatagramSocket() {
        return Collections.singletonList(() -> new Bootstrap().group(UepollSocketTestPermutation.group())
                .channel(UepollDomainDatagramChannel.class));
    }

    /** A fresh path in the temp directory (the file itself does not exist yet). */
    public static DomainSocketAddress newDomainSocketAddress() {
        try {
            File file = PlatformDependent.createTempFile("uepoll", "UDS", null);
            if (!file.delete()) {
                throw new IOException("cannot delete " + file);
            }
            return new DomainSocketAddress(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh abstract name: a leading NUL, nothing in the file system. */
    public static DomainSocketAddress newAbstractSocketAddress() {
        return new DomainSocketAddress("\0uepoll-testsuite-" + UUID.randomUUID());
    }
}
