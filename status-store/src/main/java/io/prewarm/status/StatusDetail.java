package io.prewarm.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prewarm.contract.Job;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.WarmResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /status?detail=true} adds to the seed's answer: task totals, counts per PoP, and
 * for each failed task where and why it failed. The seed's shape without {@code detail} is
 * unchanged.
 */
public record StatusDetail(Counts tasks, List<PopCounts> pops, List<Failure> failures) {

    public record Counts(int total, int succeeded, int failed, int pending) {
    }

    public record PopCounts(String pop, int total, int succeeded, int failed, int pending) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String url, String pop, String acceptEncoding, Integer httpStatus, String reason, int attempts,
                          String xCache, String cfPop) {
    }

    public static StatusDetail of(JobState state) {
        Job job = state.job();
        Map<String, int[]> perPop = new LinkedHashMap<>();
        job.pops().forEach(p -> perPop.put(p, new int[2]));
        List<Failure> failures = new ArrayList<>();
        for (WarmResult r : JobTasks.recorded(state)) {
            int[] counts = perPop.get(r.pop());
            if (r.succeeded()) {
                counts[0]++;
            } else if (r.outcome() == Outcome.FAILURE) {
                counts[1]++;
                failures.add(new Failure(r.url(), r.pop(), r.acceptEncoding(), r.httpStatus(), r.error(), r.attempts(), r.xCache(), r.cfPop()));
            }
        }
        failures.sort(Comparator.comparing(Failure::url).thenComparing(Failure::pop).thenComparing(Failure::acceptEncoding));
        int perPopTotal = job.urls().size() * job.encodings().size();
        List<PopCounts> pops = new ArrayList<>();
        int succeeded = 0;
        int failed = 0;
        for (Map.Entry<String, int[]> e : perPop.entrySet()) {
            int[] c = e.getValue();
            pops.add(new PopCounts(e.getKey(), perPopTotal, c[0], c[1], perPopTotal - c[0] - c[1]));
            succeeded += c[0];
            failed += c[1];
        }
        int total = perPopTotal * job.pops().size();
        return new StatusDetail(new Counts(total, succeeded, failed, total - succeeded - failed), pops, failures);
    }
}
