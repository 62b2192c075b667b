package io.prewarm.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.JobStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToLongFunction;

/**
 * One job through the whole system, as a client sees it: {@code POST /prewarm}, then
 * {@code GET /status?detail=true&limit=1} every 50 ms until the job ends. Besides submit-to-COMPLETED
 * tasks/s it gives the steady rate between 10 % and 90 % done (the polled counts interpolated, so
 * start-up and the last stragglers do not count), what the run cost (JVM CPU per task, GC, peak
 * heap, the edge's CPU and requests) and whether the counts are exact. The steady rate is taken from
 * the tasks done and, beside it, from the URLs completed; the two differ because a URL completes only
 * when its last PoP answers, so completed URLs bunch up towards the end of a job. The job says
 * {@code verify} as the case asks: off where its figures are held against the raw loop (one request
 * per task) or the targets set before verification existed.
 */
final class JobRun {
    static final Duration POLL = Duration.ofMillis(50);

    /** The job's completed URLs and finished tasks (succeeded or failed) seen {@code nanos} after it was submitted. */
    record Sample(long nanos, long completedUrls, long doneTasks) {
    }

    private JobRun() {
    }

    static Map<String, Object> run(BenchClient api, Edge edge, Memory memory, List<String> urls, int pops, String protocol, boolean verify) {
        long tasks = (long) urls.size() * pops;
        String body = BenchClient.verify(BenchClient.body(urls, Bench.DIST, "region", "\"all\"", protocol), verify);
        memory.startWindow();
        Reading before = Reading.take(edge);
        String id = api.submit(body);
        List<Sample> samples = new ArrayList<>();
        JsonNode end = poll(api, id, before.nanos(), samples);
        Reading after = Reading.take(edge);
        double seconds = after.secondsSince(before);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestID", id);
        m.put("verify", verify);
        m.put("tasks", tasks);
        m.put("seconds", Cases.round(seconds));
        m.put("tasksPerSecond", Cases.round(tasks / seconds));
        m.put("steadyTasksPerSecond", rounded(steadyRate(samples, Sample::doneTasks, tasks, 1)));
        m.put("steadyByUrlsTasksPerSecond", rounded(steadyRate(samples, Sample::completedUrls, urls.size(), pops)));
        m.putAll(after.since(before, tasks));
        m.put("peakHeapMiB", memory.windowPeakMiB());
        m.put("peakHeapAfterGcMiB", memory.windowPeakAfterGcMiB());
        m.putAll(counts(end, urls.size(), tasks));
        return m;
    }

    /** A finished job's counts from its {@code GET /status?detail=true} answer, and whether they are exact. */
    static Map<String, Object> counts(JsonNode status, int urls, long tasks) {
        JsonNode detail = status.path("detail").path("tasks");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status.path("status").asText());
        m.put("completedUrls", status.path("completed").asInt());
        m.put("totalUrls", status.path("total").asInt());
        m.put("succeededTasks", detail.path("succeeded").asLong(-1));
        m.put("failedTasks", detail.path("failed").asLong(-1));
        m.put("verifiedTasks", detail.path("verified").asLong(0));
        m.put("notCachedTasks", detail.path("notCached").asLong(0));
        m.put("exact", exact(m, urls, tasks));
        return m;
    }

    /** COMPLETED, every URL completed and counted, every task succeeded: nothing lost, nothing twice. */
    static boolean exact(Map<String, Object> m, int urls, long tasks) {
        return JobStatus.COMPLETED.name().equals(m.get("status")) && m.get("completedUrls").equals(urls) && m.get("totalUrls").equals(urls)
                && m.get("succeededTasks").equals(tasks) && m.get("failedTasks").equals(0L);
    }

    private static JsonNode poll(BenchClient api, String id, long started, List<Sample> samples) {
        long until = started + Duration.ofHours(1).toNanos();
        while (System.nanoTime() < until) {
            HttpResponse<String> r = api.status(id, "&detail=true&limit=1");
            long at = System.nanoTime() - started;
            if (r.statusCode() == 200) {
                JsonNode s = BenchClient.json(r.body());
                JsonNode tasks = s.path("detail").path("tasks");
                samples.add(new Sample(at, s.path("completed").asLong(), tasks.path("succeeded").asLong() + tasks.path("failed").asLong()));
                if (!s.path("status").asText().equals(JobStatus.IN_PROGRESS.name())) {
                    return s;
                }
            }
            BenchClient.pause(POLL);
        }
        throw new IllegalStateException("job " + id + " did not end within an hour");
    }

    private static Double rounded(OptionalDouble v) {
        return v.isPresent() ? Cases.round(v.getAsDouble()) : null;
    }

    /**
     * Tasks per second between the moments 10 % and 90 % of {@code total} were done by the measure
     * {@code progress} (each moment found by linear interpolation between the polled samples; the
     * job starts at 0 with nothing done), a unit of progress being {@code tasksPerUnit} tasks. Empty
     * when the samples cannot tell (a job too small to be seen in between).
     */
    static OptionalDouble steadyRate(List<Sample> samples, ToLongFunction<Sample> progress, long total, long tasksPerUnit) {
        double low = 0.1 * total;
        double high = 0.9 * total;
        OptionalDouble t10 = timeAt(samples, progress, low);
        OptionalDouble t90 = timeAt(samples, progress, high);
        if (t10.isEmpty() || t90.isEmpty() || t90.getAsDouble() <= t10.getAsDouble()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((high - low) * tasksPerUnit / ((t90.getAsDouble() - t10.getAsDouble()) / 1e9));
    }

    private static OptionalDouble timeAt(List<Sample> samples, ToLongFunction<Sample> progress, double done) {
        long previousNanos = 0;
        long previousDone = 0;
        for (Sample s : samples) {
            long now = progress.applyAsLong(s);
            if (now >= done) {
                if (now == previousDone) {
                    return OptionalDouble.of(s.nanos());
                }
                double f = (done - previousDone) / (now - previousDone);
                return OptionalDouble.of(previousNanos + f * (s.nanos() - previousNanos));
            }
            previousNanos = s.nanos();
            previousDone = now;
        }
        return OptionalDouble.empty();
    }
}
