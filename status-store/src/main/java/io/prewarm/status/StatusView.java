package io.prewarm.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.WarmResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's PrewarmStatus answer, computed from a {@link JobState} at query time: a URL is done
 * when all its PoP tasks are done, succeeded when all succeeded. TIMEOUT is decided here against
 * the clock, so it is reported even when no further event arrives. Tasks a warmer skipped after the
 * deadline leave their URL unfinished. {@code successUrl} is null (left out) unless enabled;
 * {@code error} appears only for a request that was rejected.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusView(String status, int total, int completed, int inProgress,
                         List<String> failedUrl, List<String> inProgressUrl, List<String> successUrl, String error,
                         StatusDetail detail) {

    public StatusView withDetail(StatusDetail d) {
        return new StatusView(status, total, completed, inProgress, failedUrl, inProgressUrl, successUrl, error, d);
    }

    public static StatusView of(JobState state, long now, boolean showSuccessUrls) {
        var job = state.job();
        if (job.isRejected()) {
            return new StatusView("FAILED", 0, 0, 0, List.of(), List.of(), showSuccessUrls ? List.of() : null, job.error(), null);
        }
        Map<String, int[]> perUrl = new HashMap<>();
        for (WarmResult r : JobTasks.recorded(state)) {
            if (r.outcome() != Outcome.SKIPPED) {
                int[] counts = perUrl.computeIfAbsent(r.url(), u -> new int[2]);
                counts[0]++;
                counts[1] += r.succeeded() ? 0 : 1;
            }
        }
        List<String> failed = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        List<String> succeeded = new ArrayList<>();
        for (String url : job.urls()) {
            int[] counts = perUrl.getOrDefault(url, new int[2]);
            if (counts[0] < job.tasksPerUrl()) {
                unfinished.add(url);
            } else if (counts[1] > 0) {
                failed.add(url);
            } else {
                succeeded.add(url);
            }
        }
        int total = job.urls().size();
        int completed = total - unfinished.size();
        String status = !unfinished.isEmpty() ? (now > job.deadline() ? "TIMEOUT" : "IN_PROGRESS")
                : failed.isEmpty() ? "COMPLETED" : "FAILED";
        return new StatusView(status, total, completed, unfinished.size(), failed, unfinished,
                showSuccessUrls ? succeeded : null, null, null);
    }
}
