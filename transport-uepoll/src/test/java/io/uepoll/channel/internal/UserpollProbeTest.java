package io.uepoll.channel.internal;

import io.uepoll.channel.Uepoll;
import io.uepoll.channel.UepollRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.*;

class UserpollProbeTest {
    @Test
    void absentSysctlMeansNoPatch(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> UserpollProbe.parse(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("lacks the uepoll patch"), e.getMessage());
    }

    @Test
    void garbageIsRejected(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("nr"), "openat2\n");
        IOException e = assertThrows(IOException.class, () -> UserpollProbe.parse(file));
        assertTrue(e.getMessage().contains("no syscall number"), e.getMessage());
        Files.writeString(file, "-3\n");
        assertThrows(IOException.class, () -> UserpollProbe.parse(file));
    }

    @Test
    void numberIsParsed(@TempDir Path dir) throws IOException {
        assertEquals(463, UserpollProbe.parse(Files.writeString(dir.resolve("nr"), "463\n")));
    }

    @Test
    void availabilityFollowsTheRunningKernel() {
        Uepoll.ensureAvailability();
        boolean patched = Files.exists(Paths.get(UserpollProbe.SYSCTL_PATH));
        assertEquals(patched, Uepoll.isRingAvailable(UepollRing.USERPOLL), String.valueOf(
                Uepoll.ringUnavailabilityCause(UepollRing.USERPOLL)));
        if (!patched) {
            assertTrue(Uepoll.ringUnavailabilityCause(UepollRing.USERPOLL).getMessage().contains(UserpollProbe.SYSCTL_PATH));
        }
    }
}
