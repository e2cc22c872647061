package io.uepoll.channel;

import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The address families' checks and close cleanup, without sockets: what the channels rely on. */
class SocketAddressingTest {
    @TempDir
    Path dir;

    @Test
    void inetRefusesAnUnresolvedAddressAndPassesTheRest() {
        InetSocketAddress resolved = new InetSocketAddress("127.0.0.1", 1);
        assertSame(resolved, InetAddressing.INSTANCE.check(resolved));
        assertNull(InetAddressing.INSTANCE.check(null));
        assertThrows(UnresolvedAddressException.class,
                () -> InetAddressing.INSTANCE.check(InetSocketAddress.createUnresolved("no.such.host", 1)));
        // Another type reaches the kernel, which refuses it, as with Netty's epoll.
        SocketAddress domain = new DomainSocketAddress("/tmp/x");
        assertSame(domain, InetAddressing.INSTANCE.check(domain));
    }

    @Test
    void domainRefusesOtherTypesAndNamesTooLong() {
        DomainSocketAddress ok = new DomainSocketAddress("/tmp/x");
        assertSame(ok, DomainAddressing.LEAVES_SOCKET_FILE.check(ok));
        assertNull(DomainAddressing.DELETES_SOCKET_FILE.check(null));
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> DomainAddressing.LEAVES_SOCKET_FILE.check(new InetSocketAddress("127.0.0.1", 1)));
        assertTrue(wrongType.getMessage().contains("DomainSocketAddress"), wrongType.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DomainAddressing.LEAVES_SOCKET_FILE.check(new DomainSocketAddress("/" + "a".repeat(200))));
    }

    @Test
    void domainKeepsTheNameAskedFor() {
        DomainSocketAddress asked = new DomainSocketAddress("\0abstract");
        assertSame(asked, DomainAddressing.DELETES_SOCKET_FILE.localAfter(null, asked));
        assertSame(asked, DomainAddressing.DELETES_SOCKET_FILE.remoteAfterConnect(null, asked));
    }

    @Test
    void onlyTheDeletingFamilyDeletesAndOnlyAFileItMade() throws IOException {
        File file = Files.createFile(dir.resolve("sock")).toFile();
        DomainSocketAddress path = new DomainSocketAddress(file);

        DomainAddressing.DELETES_SOCKET_FILE.afterClose(path, false);
        assertTrue(file.exists(), "an adopted socket's file is not ours");
        DomainAddressing.LEAVES_SOCKET_FILE.afterClose(path, true);
        assertTrue(file.exists(), "a stream client leaves the path it bound");
        InetAddressing.INSTANCE.afterClose(new InetSocketAddress(0), true);

        DomainAddressing.DELETES_SOCKET_FILE.afterClose(path, true);
        assertFalse(file.exists(), "a bound listener or datagram socket deletes its file");
        DomainAddressing.DELETES_SOCKET_FILE.afterClose(null, true); // never named: nothing to delete
    }
}
