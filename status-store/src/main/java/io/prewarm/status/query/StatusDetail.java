package io.prewarm.status.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prewarm.webhooks.DeliveryState;
import java.util.List;

/**
 * What {@code GET /status?detail=true} adds to the seed's answer: task totals, counts per PoP, and
 * for each failed task (up to {@value StatusReader#MAX_FAILURES_SHOWN}; the CSV report has all)
 * where and why it failed; the job it retries, when it was cancelled, and how its webhook call went,
 * when there is such a thing to say. The seed's shape without {@code detail} is unchanged.
 *
 * @param retryOf     the job whose failed tasks this job retries
 * @param cancelledAt when somebody cancelled the job
 * @param webhook     the delivery of the job's final status to its callback_url, without the body it posts (absent before it is final)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusDetail(Counts tasks, List<PopCounts> pops, List<Failure> failures, Boolean failuresTruncated, String retryOf,
                           Long cancelledAt, DeliveryState webhook) {

    public record Counts(long total, long succeeded, long failed, long pending) {
    }

    public record PopCounts(String pop, long total, long succeeded, long failed, long pending) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String url, String pop, String acceptEncoding, Integer httpStatus, String reason, int attempts,
                          String xCache, String cfPop) {
    }
}
