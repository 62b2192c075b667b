package io.prewarm.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The steady rate (10 % to 90 % of the URLs, interpolated between polls) and the exact-count check. */
class JobRunTest {
    private static JobRun.Sample at(double seconds, long completedUrls) {
        return new JobRun.Sample((long) (seconds * 1e9), completedUrls, 0);
    }

    private static OptionalDouble byUrls(List<JobRun.Sample> samples, long urls, long pops) {
        return JobRun.steadyRate(samples, JobRun.Sample::completedUrls, urls, pops);
    }

    @Test
    void steadyRateLeavesOutStartUpAndStragglers() {
        // 1,000 URLs x 10 PoPs: nothing for 2 s (start-up), then 100 URLs/s, then a slow tail
        List<JobRun.Sample> samples = List.of(at(2, 0), at(3, 100), at(11, 900), at(20, 1000));
        // 100 completed at 3 s, 900 at 11 s: 800 URLs x 10 PoPs in 8 s
        assertEquals(1_000.0, byUrls(samples, 1000, 10).getAsDouble(), 1e-6);
    }

    @Test
    void crossingsBetweenPollsAreInterpolated() {
        List<JobRun.Sample> samples = List.of(at(1, 50), at(2, 150), at(5, 850), at(6, 950));
        // 100 at 1.5 s, 900 at 5.5 s
        assertEquals(800.0 * 34 / 4, byUrls(samples, 1000, 34).getAsDouble(), 1e-6);
    }

    @Test
    void noSteadyRateWhenTheJobNeverReachesNinetyPercent() {
        assertFalse(byUrls(List.of(at(1, 100), at(2, 800)), 1000, 34).isPresent());
    }

    @Test
    void theTaskMeasureSeesProgressThatCompletedUrlsHide() {
        // 10 URLs x 100 PoPs warmed PoP by PoP: no URL completes before the last PoP's round
        List<JobRun.Sample> samples = List.of(new JobRun.Sample(1_000_000_000L, 0, 100), new JobRun.Sample(9_000_000_000L, 0, 900),
                new JobRun.Sample(10_000_000_000L, 10, 1_000));
        assertEquals(100.0, JobRun.steadyRate(samples, JobRun.Sample::doneTasks, 1_000, 1).getAsDouble(), 1e-6);
        assertEquals(1_000.0, byUrls(samples, 10, 100).getAsDouble(), 1e-6);
    }

    @Test
    void exactNeedsEveryUrlAndTaskCountedOnce() {
        assertTrue(JobRun.exact(figures("COMPLETED", 10, 10, 340L, 0L), 10, 340));
        assertFalse(JobRun.exact(figures("COMPLETED", 10, 10, 339L, 1L), 10, 340));
        assertFalse(JobRun.exact(figures("COMPLETED", 9, 10, 340L, 0L), 10, 340));
        assertFalse(JobRun.exact(figures("FAILED", 10, 10, 340L, 0L), 10, 340));
    }

    private static Map<String, Object> figures(String status, int completed, int total, long succeeded, long failed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("completedUrls", completed);
        m.put("totalUrls", total);
        m.put("succeededTasks", succeeded);
        m.put("failedTasks", failed);
        return m;
    }
}
