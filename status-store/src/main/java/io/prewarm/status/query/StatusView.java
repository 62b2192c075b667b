package io.prewarm.status.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prewarm.contract.JobStatus;
import java.util.List;

/**
 * The seed's PrewarmStatus answer. Counts come from the job's header, the URL lists from its
 * per-URL entries (in URL order; with paging, one page of them). {@code successUrl} is left out
 * unless enabled; {@code error} appears only for a rejected request, {@code nextCursor} only when
 * a page has a successor, {@code detail} only when asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusView(JobStatus status, int total, int completed, int inProgress,
                         List<String> failedUrl, List<String> inProgressUrl, List<String> successUrl, String error,
                         String nextCursor, StatusDetail detail) {

    public StatusView withDetail(StatusDetail d) {
        return new StatusView(status, total, completed, inProgress, failedUrl, inProgressUrl, successUrl, error, nextCursor, d);
    }
}
