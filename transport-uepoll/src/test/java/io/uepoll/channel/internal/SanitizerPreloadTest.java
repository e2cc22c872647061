package io.uepoll.channel.internal;

import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Under {@code mvn -Pasan}: the run is only worth something when the instrumented library is the one
 * loaded and the sanitizer runtimes really are in the process, so this fails instead of letting the
 * profile pass unsanitized.
 */
class SanitizerPreloadTest {
    private static final String SANITIZER = System.getProperty("uepoll.test.sanitizer");

    @Test
    void instrumentedLibraryRunsWithTheSanitizerRuntimesMapped() throws IOException {
        assumeTrue(SANITIZER != null, "only under mvn -Pasan, which sets -Duepoll.test.sanitizer");
        Native.ensureLoaded();
        List<String> maps = Files.readAllLines(Paths.get("/proc/self/maps"));
        String preload = "LD_PRELOAD=" + System.getenv("LD_PRELOAD");
        assertTrue(mapped(maps, "/libasan.so"), "libasan is not mapped; " + preload);
        assertTrue(mapped(maps, "/libubsan.so"), "libubsan is not mapped; " + preload);
        assertTrue(mapped(maps, Native.LIBRARY_NAME), "the native library is not mapped");

        String resource = "META-INF/native/lib" + Native.LIBRARY_NAME + '_' + PlatformDependent.normalizedArch()
                + ".so";
        List<URL> copies = Collections.list(Native.class.getClassLoader().getResources(resource));
        assertEquals(1, copies.size(), "exactly one library on the test classpath: " + copies);
        try (InputStream in = copies.get(0).openStream()) {
            String elf = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(elf.contains("__asan_init"), copies.get(0) + " is not built with -fsanitize=address");
            assertTrue(elf.contains("__ubsan_handle_"), copies.get(0) + " is not built with -fsanitize=undefined");
        }
    }

    private static boolean mapped(List<String> maps, String name) {
        return maps.stream().anyMatch(line -> line.contains(name));
    }
}
