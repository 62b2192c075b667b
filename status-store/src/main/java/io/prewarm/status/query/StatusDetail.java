package io.prewarm.status.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prewarm.contract.WarmResult;
import io.prewarm.webhooks.DeliveryState;
import java.util.List;

/**
 * What {@code GET /status?detail=true} adds to the seed's answer: task totals, counts per PoP, and
 * for each failed task (up to {@value StatusReader#MAX_FAILURES_SHOWN}; the CSV report has all)
 * where and why it failed; the URLs whose answers forbade caching, so a big job tells at once which
 * of them cannot be warmed at all; the PoPs backed off now; the job it retries, when it was
 * cancelled, and how its webhook call went, when there is such a thing to say. The seed's shape
 * without {@code detail} is unchanged.
 *
 * @param uncacheable          up to {@value io.prewarm.status.fold.StatusStores#UNCACHEABLE_LISTED} URLs with a failed
 *                             task whose answer forbade caching, in URL order, each with the header that said so
 * @param uncacheableCount     how many such URLs the job has
 * @param uncacheableTruncated true when {@code uncacheable} lists fewer than {@code uncacheableCount}
 * @param backoff              the PoPs a warmer holds this job's tasks at now, one entry per warmer
 * @param retryOf              the job whose failed tasks this job retries
 * @param cancelledAt          when somebody cancelled the job
 * @param webhook              the delivery of the job's final status to its callback_url, without the body it posts (absent before it is final)
 * @param expansion            the job's documents read and to be read, for a job with {@code expand} (absent otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusDetail(Counts tasks, List<PopCounts> pops, List<Failure> failures, Boolean failuresTruncated,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Uncacheable> uncacheable, Integer uncacheableCount,
                           Boolean uncacheableTruncated, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Backoff> backoff,
                           String retryOf, Long cancelledAt, DeliveryState webhook, Expansion expansion) {

    /**
     * @param verified  tasks proven in their PoP's cache by a verification
     * @param notCached tasks that failed because the object did not stay cached (a verification miss, or, without
     *                  verification, an answer that forbade caching)
     */
    public record Counts(long total, long succeeded, long failed, long pending, long verified, long notCached) {
        public Counts(long total, long succeeded, long failed, long pending) {
            this(total, succeeded, failed, pending, 0, 0);
        }
    }

    public record PopCounts(String pop, long total, long succeeded, long failed, long pending, long verified, long notCached) {
        public PopCounts(String pop, long total, long succeeded, long failed, long pending) {
            this(pop, total, succeeded, failed, pending, 0, 0);
        }
    }

    /**
     * @param age          the first answer's {@code Age}
     * @param verification what the check for a cache hit found, when the task was verified
     * @param verify       the second answer (status, X-Cache, Age, x-amz-cf-pop), when one was asked for
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String url, String pop, String acceptEncoding, Integer httpStatus, String reason, int attempts,
                          String xCache, String cfPop, String age, WarmResult.Verification verification, WarmResult.Answer verify) {
    }

    /**
     * The documents of an expanded job: how many were named, read, failed and are still to be read,
     * the parts read documents announced that are not in yet, what the readers found, and the limit
     * that cut the expansion, never silently ({@code expansion: truncated at 100000 URLs}).
     *
     * @param urlsFound          URLs the read documents named, before the host filter and the limits
     * @param skippedOtherHosts  URLs left out because they are on other hosts than their document's (and {@code expand_hosts})
     * @param failures           the first {@value StatusReader#MAX_FAILURES_SHOWN} documents that could not be read, in URL order
     * @param failuresTruncated  true when {@code failures} lists fewer than {@code failed}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Expansion(int documents, int read, int failed, int pending, int partsPending, long urlsFound, long skippedOtherHosts,
                            String truncated, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DocumentFailure> failures,
                            Boolean failuresTruncated) {
    }

    /** A document that could not be read, and why (HTTP 404, a parse error, over the size bound). */
    public record DocumentFailure(String url, String reason) {
    }

    /** A URL that cannot be warmed: the header of its answer that forbids caching, e.g. {@code Cache-Control: no-store}. */
    public record Uncacheable(String url, String header, String value) {
    }

    /**
     * A PoP a warmer holds this job's tasks at.
     *
     * @param reason  what the PoP did, e.g. {@code HTTP 503 x3, Retry-After: 30}
     * @param since   when the back-off began (epoch ms)
     * @param retryAt when the warmer tries the PoP next (epoch ms)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Backoff(String pop, String reason, long since, long retryAt, String warmer) {
    }
}
