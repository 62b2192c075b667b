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
    void verifyOnlyRunsTheVerifyCaseAloneAndCannotBeBigOnlyToo() {
        Bench.Options o = Bench.Options.parse(List.of("--verify-only", "--edge=nginx"));
        assertTrue(o.verifyOnly());
        assertFalse(o.usualCases());
        assertFalse(o.big());
        assertTrue(Bench.Options.parse(List.of("--smoke")).usualCases());
        assertFalse(Bench.Options.parse(List.of("--big-only")).usualCases());
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(List.of("--verify-only", "--big-only")));
    }

    @Test
    void seriesRunAloneAgainstARealEdgeOnly() {
        Bench.Options o = Bench.Options.parse(List.of("--edge=nginx", "--series=https20,http20"));
        assertEquals(List.of("https20", "http20"), o.series());
        assertTrue(o.runs("https20") && o.runs("http20"));
        assertFalse(o.runs("http100"));
        assertFalse(o.usualCases());
        assertTrue(Bench.Options.parse(List.of("--edge=nginx")).runs("http100"));
        assertFalse(Bench.Options.parse(List.of("--edge=nginx", "--verify-only")).runs("http100"));
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(List.of("--edge=nginx", "--series=https99")));
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(List.of("--series=https20")));
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(List.of("--edge=nginx", "--series=https20", "--big")));
    }

    @Test
    void aJobBodySaysVerifyWhereTheCaseNeedsIt() throws Exception {
        String body = BenchClient.verify(BenchClient.body(List.of("http://www.example.com/a"), Bench.DIST, "region", "\"all\""), false);
        var json = io.prewarm.contract.Json.MAPPER.readTree(body);
        assertEquals("false", json.path("verify").toString());
        assertEquals("all", json.path("region").asText());
        assertEquals("http", json.path("protocol").asText());
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
