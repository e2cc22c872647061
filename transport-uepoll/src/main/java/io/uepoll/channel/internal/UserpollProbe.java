package io.uepoll.channel.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Asks the running kernel whether it carries the uepoll patch, without issuing any syscall whose
 * number is guessed: the port (kernel/) publishes epoll_create2's number in a sysctl file, and a
 * stock kernel has no such file. On x86_64 the v5 number, 437, is openat2 on stock kernels.
 */
final class UserpollProbe {
    public static final String SYSCTL_PATH = "/proc/sys/fs/epoll/userpoll_syscall_nr";

    private UserpollProbe() {
    }

    /** The syscall number of epoll_create2; throws naming why USERPOLL is unavailable. */
    public static int epollCreate2SyscallNumber() throws IOException {
        return parse(Paths.get(SYSCTL_PATH));
    }

    static int parse(Path path) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(path), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new IOException("the kernel lacks the uepoll patch (" + path + " is absent; see kernel/ in netty-uepoll)");
        }
        try {
            int nr = Integer.parseInt(text);
            if (nr <= 0) {
                throw new NumberFormatException("not positive");
            }
            return nr;
        } catch (NumberFormatException e) {
            throw new IOException(path + " holds no syscall number: '" + text + "'", e);
        }
    }
}
