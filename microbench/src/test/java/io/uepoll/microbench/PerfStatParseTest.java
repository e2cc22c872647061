package io.uepoll.microbench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** perf's --per-thread CSV read back: whole process, the loop threads, one thread by id, syscalls by name. */
class PerfStatParseTest {
    private static final String CSV = String.join("\n",
            "# started on Sun Dec  6",
            "main-100,50,,raw_syscalls:sys_enter,1000,100.00,,",
            "http-c-2-1-200,30,,raw_syscalls:sys_enter,1000,100.00,,",
            "http-c-3-1-300,7,,raw_syscalls:sys_enter,1000,100.00,,",
            "http-c-2-1-200,4,,syscalls:sys_enter_close,1000,100.00,,",
            "http-c-2-1-200,3,,syscalls:sys_enter_io_uring_enter,1000,100.00,,",
            "http-c-3-1-300,<not counted>,,syscalls:sys_enter_close,0,100.00,,",
            "main-100,9,,syscalls:sys_enter_close,1000,100.00,,",
            "main-100,12,,context-switches,1000,100.00,,");

    @Test
    void everyLoopThreadByName() {
        PerfStat.Counts c = new PerfStat.Counts();
        PerfStat.parse(CSV, 0, c);
        assertEquals(87, c.syscalls);
        assertEquals(37, c.loopAll);
        assertEquals(33, c.loopSyscalls, "close is a connection syscall, io_uring_enter is not");
        assertEquals(4, c.loopByName.get("close"));
        assertEquals(12, c.contextSwitches);
    }

    @Test
    void oneLoopThreadById() {
        PerfStat.Counts c = new PerfStat.Counts();
        PerfStat.parse(CSV, 300, c);
        assertEquals(7, c.loopAll);
        assertEquals(0, c.loopByName.get("close"));
        assertEquals(null, c.loopByName.get("io_uring_enter"));
    }
}
