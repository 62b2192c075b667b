package io.prewarm.status.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code GET /status?detail=true} adds to the seed's answer: task totals, counts per PoP, and
 * for each failed task (up to {@value StatusReader#MAX_FAILURES_SHOWN}; the CSV report has all)
 * where and why it failed. The seed's shape without {@code detail} is unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusDetail(Counts tasks, List<PopCounts> pops, List<Failure> failures, Boolean failuresTruncated) {

    public record Counts(long total, long succeeded, long failed, long pending) {
    }

    public record PopCounts(String pop, long total, long succeeded, long failed, long pending) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String url, String pop, String acceptEncoding, Integer httpStatus, String reason, int attempts,
                          String xCache, String cfPop) {
    }
}
