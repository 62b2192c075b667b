package io.prewarm.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.launcher.bench.SoakVerdict.Trend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./prewarm soak} options, and the verdict that tells a growing metric from a flat one. */
class SoakTest {
    @Test
    void minutesAreGivenEitherWayAndOutHasADefault() {
        assertEquals(new Soak.Options(30, Path.of("soak-results.json")), Soak.Options.parse(List.of("--minutes", "30")));
        assertEquals(new Soak.Options(2, Path.of("x/s.json")), Soak.Options.parse(List.of("--out=x/s.json", "--minutes=2")));
    }

    @Test
    void minutesAreRequiredAndAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse(List.of("--minutes", "0")));
        assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse(List.of("--minutes", "ten")));
        assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse(List.of("--minutes")));
        assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse(List.of("--minutes=5", "--big")));
    }

    @Test
    void theFirstThirdIsStartUpAndDoesNotCount() {
        // a heap that fills its caches in the first third, then stays: flat
        SoakVerdict v = SoakVerdict.judge("heap", List.of(50.0, 120.0, 150.0, 160.0, 162.0, 158.0, 161.0, 163.0, 159.0), 8).orElseThrow();
        assertEquals(Trend.FLAT, v.trend());
        assertEquals(160.0, v.middle(), 1e-9);
        assertEquals(161.0, v.last(), 1e-9);
    }

    @Test
    void aRiseBeyondTenPercentIsGrowingAndAFallIsFalling() {
        assertEquals(Trend.GROWING, SoakVerdict.judge("heap", List.of(100.0, 100.0, 100.0, 100.0, 112.0, 112.0), 8).orElseThrow().trend());
        assertEquals(Trend.FALLING, SoakVerdict.judge("tasks/s", List.of(500.0, 500.0, 500.0, 500.0, 400.0, 400.0), 20).orElseThrow().trend());
        assertEquals(Trend.FLAT, SoakVerdict.judge("heap", List.of(100.0, 100.0, 100.0, 100.0, 109.0, 109.0), 8).orElseThrow().trend());
    }

    @Test
    void aSmallValueMovesWithinItsAbsoluteFloor() {
        // 10 to 16 open files is +60 %, but within the floor of 10 descriptors
        assertEquals(Trend.FLAT, SoakVerdict.judge("open fds", List.of(10.0, 10.0, 16.0), 10).orElseThrow().trend());
        assertEquals(Trend.GROWING, SoakVerdict.judge("retained jobs", List.of(30.0, 60.0, 90.0), 1).orElseThrow().trend());
    }

    @Test
    void minutesNotReadAreLeftOutAndAShortRunHasNoVerdict() {
        assertEquals(Trend.FLAT, SoakVerdict.judge("warmer lag", List.of(0.0, -1.0, 5.0, 4.0, 6.0, -1.0), 500).orElseThrow().trend());
        assertTrue(SoakVerdict.judge("warmer lag", List.of(0.0, 0.0, 5.0, -1.0, 6.0, 9.0), 500).isPresent());
        assertTrue(SoakVerdict.judge("warmer lag", List.of(0.0, -1.0, -1.0), 500).isEmpty());
        assertTrue(SoakVerdict.judge("heap", List.of(100.0, 200.0), 8).isEmpty());
    }
}
