package io.uepoll.channel.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** LinuxConstants and UserpollLayout against the C headers (the patch's uapi for USERPOLL). */
class NativeConstantsTest {

    @Test
    void everyJavaConstantMatchesC() {
        Native.ensureLoaded(); // its static initializer ran verify(): loading proves the check passed
        Map<String, Integer> java = NativeConstants.javaConstants();
        Map<String, Integer> c = NativeConstants.cConstants();
        assertEquals(List.of(), NativeConstants.differences(java, c));
        assertEquals(c.keySet(), java.keySet(), "both sides name the same constants");
        assertTrue(java.containsKey("SOL_SOCKET") && java.containsKey("UserpollLayout.TAIL_OFFSET"), java.keySet().toString());
    }

    @Test
    void aWrongMissingOrExtraConstantIsNamed() {
        List<String> problems = NativeConstants.differences(
                Map.of("SOL_SOCKET", 1, "TCP_CORK", 4, "ONLY_JAVA", 7),
                Map.of("SOL_SOCKET", 1, "TCP_CORK", 3, "ONLY_C", 9));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.contains("TCP_CORK is 4 in Java but 3 in C"), problems.toString());
        assertTrue(problems.contains("ONLY_JAVA is not checked against C"), problems.toString());
        assertTrue(problems.contains("ONLY_C is in C but not in Java"), problems.toString());
    }
}
