package io.prewarm.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CPU of nginx's master and workers from /proc/PID/stat. */
class ProcessCpuTest {
    @Test
    void utimeAndStimeAreReadPastAProcessNameWithSpacesAndParentheses() {
        String line = "4242 (nginx: worker (x)) S 4241 4241 4241 0 -1 4194624 1533 0 0 0 250 70 0 0 20 0 1 0 123 0 0";
        ProcessCpu.Stat stat = ProcessCpu.parse(line).orElseThrow();
        assertEquals(4242, stat.pid());
        assertEquals(4241, stat.ppid());
        assertEquals(320, stat.cpuTicks());
    }

    @Test
    void aTreeIsTheProcessAndItsChildren() {
        List<ProcessCpu.Stat> stats = List.of(new ProcessCpu.Stat(10, 1, 5), new ProcessCpu.Stat(11, 10, 150),
                new ProcessCpu.Stat(12, 10, 45), new ProcessCpu.Stat(13, 1, 1_000));
        assertEquals(2.0, ProcessCpu.sum(stats, 10).getAsDouble(), 1e-9);
        assertFalse(ProcessCpu.sum(stats, 99).isPresent());
    }

    @Test
    void thisJvmHasUsedSomeCpu() {
        assertTrue(ProcessCpu.ofTree(ProcessHandle.current().pid()).getAsDouble() > 0);
    }

    @Test
    void machineBusyTimeLeavesOutIdleAndIoWait() {
        Reading.MachineCpu cpu = Reading.MachineCpu.parse("cpu  981243 361 117161 1079307 4005 0 9908 3313 0 0");
        assertEquals((981243 + 361 + 117161 + 0 + 9908) / 100.0, cpu.busySeconds(), 1e-9);
        assertEquals(33.13, cpu.stealSeconds(), 1e-9);
        assertEquals(0, Reading.MachineCpu.parse("intr 1 2 3").busySeconds());
    }
}
