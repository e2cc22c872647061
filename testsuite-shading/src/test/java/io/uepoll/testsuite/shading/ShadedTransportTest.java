package io.uepoll.testsuite.shading;

import io.uepoll.channel.UepollRing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.IdentityHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shading rule of the README, checked on jars built the way an application builds its own:
 * io.netty and io.uepoll relocated under one prefix and the JNI library renamed after it works;
 * leaving out the rename, or relocating io.netty alone, fails with the error users would meet.
 */
@Timeout(60)
class ShadedTransportTest {
    private static final String PREFIX = System.getProperty("uepoll.shading.prefix");
    private static final String LIBRARY = System.getProperty("uepoll.shading.library");
    private static ShadedJar shaded;

    @BeforeAll
    static void open() throws Exception {
        assertNotNull(PREFIX, "uepoll.shading.prefix is set by the pom; run through Maven");
        shaded = ShadedJar.open("uepoll.shading.jar.bothRenamed", PREFIX + ".io.uepoll");
    }

    @AfterAll
    static void close() throws Exception {
        if (shaded != null) {
            shaded.close();
        }
    }

    @Test
    void relocatedTransportLoadsItsRenamedLibrary() throws Exception {
        Throwable cause = shaded.unavailabilityCause();
        assertNull(cause, () -> "the relocated transport is unavailable: " + describe(cause));
    }

    @Test
    void jarHoldsOnlyRelocatedNames() throws Exception {
        shaded.load(PREFIX + ".io.netty.channel.Channel");
        shaded.load(PREFIX + ".io.uepoll.channel.UepollSocketChannel");
        assertThrows(ClassNotFoundException.class, () -> shaded.load("io.netty.channel.Channel"));
        assertThrows(ClassNotFoundException.class, () -> shaded.load("io.uepoll.channel.UepollSocketChannel"));
    }

    /** The shade plugin rewrites string constants that start with a relocated package, property names too. */
    @Test
    void ringPropertyNameMovesWithThePrefix() throws Exception {
        Object name = shaded.load(PREFIX + ".io.uepoll.channel.UepollRing").getField("PROPERTY").get(null);
        assertEquals(PREFIX + ".io.uepoll.ring", name);
    }

    @ParameterizedTest
    @EnumSource(UepollRing.class)
    void echoesOverTcpOnTheRelocatedClasses(UepollRing ring) throws Exception {
        String why = shaded.ringUnavailability(ring.propertyValue());
        assumeTrue(why == null, () -> ring + " is not available on this kernel: " + why);
        String message = "echo through " + PREFIX + " on " + ring;
        assertEquals(message, shaded.echo(ring.propertyValue(), message));
    }

    @Test
    void withoutRenamingTheLibraryTheLoaderCannotFindIt() throws Exception {
        try (ShadedJar jar = ShadedJar.open("uepoll.shading.jar.both", PREFIX + ".io.uepoll")) {
            Throwable cause = jar.unavailabilityCause();
            assertNotNull(cause, "the transport loaded a library whose name lacks the prefix");
            String description = describe(cause);
            assertTrue(description.contains("META-INF/native/" + LIBRARY), description);
        }
    }

    @Test
    void relocatingNettyAloneLeavesTheNativesUnbound() throws Exception {
        try (ShadedJar jar = ShadedJar.open("uepoll.shading.jar.nettyOnlyRenamed", "io.uepoll")) {
            Throwable cause = jar.unavailabilityCause();
            assertNotNull(cause, "natives bound although io.uepoll was not relocated");
            String description = describe(cause);
            String expected = PREFIX.replace('.', '/') + "/io/uepoll/channel/internal/Native";
            assertTrue(description.contains(expected), description);
        }
    }

    /** Every message of the cause chain and of suppressed errors (the loader keeps each attempt's there). */
    private static String describe(Throwable t) {
        StringBuilder out = new StringBuilder();
        describe(t, out, new IdentityHashMap<>());
        return out.toString();
    }

    private static void describe(Throwable t, StringBuilder out, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return;
        }
        out.append(t).append('\n');
        for (Throwable s : t.getSuppressed()) {
            describe(s, out, seen);
        }
        describe(t.getCause(), out, seen);
    }
}
