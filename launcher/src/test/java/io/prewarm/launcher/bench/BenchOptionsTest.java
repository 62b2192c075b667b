package io.prewarm.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./prewarm bench} options, the medians of repeated runs, and the URLs every run warms. */
class BenchOptionsTest {
    @Test
    void theSimulatorStaysTheDefaultEdge() {
        Bench.Options o = Bench.Options.parse(List.of("--smoke"));
        assertEquals(Bench.EdgeKind.SIMULATOR, o.edge());
        assertTrue(o.smoke());
        assertFalse(o.big());
        assertEquals(Path.of("bench-results.json"), o.out());
    }

    @Test
    void edgeAndBigOnlyAreParsed() {
        Bench.Options o = Bench.Options.parse(List.of("--edge=nginx", "--big-only", "--out=x/y.json"));
        assertEquals(Bench.EdgeKind.NGINX, o.edge());
        assertTrue(o.big() && o.bigOnly());
        assertEquals(Path.of("x/y.json"), o.out());
        assertEquals(Bench.EdgeKind.EXTERNAL, Bench.Options.parse(List.of("--edge=external")).edge());
    }

    @Test
    void unknownOptionsAreRefusedNotIgnored() {
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(List.of("--edge=ngnix")));
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(List.of("--bigg")));
    }

    @Test
    void spreadIsMedianAndRange() {
        assertEquals(new Spread(3, 1, 10), Spread.of(List.of(10.0, 1.0, 3.0)));
        assertEquals(new Spread(2.5, 1, 4), Spread.of(List.of(4.0, 1.0, 2.0, 3.0)));
        assertTrue(Double.isNaN(Spread.of(List.of()).median()));
    }

    @Test
    void rawTasksAreEveryUrlAtEveryPopWithTheUrlsPath() {
        List<RawLoop.Task> tasks = Bench.rawTasks(Bench.urls("/d20/raw-1", 2), List.of("BOM51-C1", "IAD89-P1"));
        assertEquals(4, tasks.size());
        assertEquals(new RawLoop.Task("www.example.com", "/d20/raw-1/asset-1.js", "IAD89-P1"), tasks.get(3));
    }
}
