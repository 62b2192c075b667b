package io.prewarm.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One record of {@code prewarm.results}, keyed by requestID: the results of one job that one warmer
 * finished within a few milliseconds. Each result is still one task's outcome; the status fold
 * counts each task once however often (or in however many batches) its result arrives.
 *
 * <p>A record may also (or only) carry {@code backoffs}: a warmer telling the job that it holds the
 * job's tasks at a PoP it backed off from (the PoP answered 429 or 503, or refused connections,
 * too often), or that it stopped backing off. They change no count. And {@code documents}: the
 * outcomes of document tasks (issue 16), each saying how many parts its reading wrote.
 */
public record ResultBatch(String requestID, List<WarmResult> results, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PopBackoff> backoffs,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Expansion.DocumentResult> documents) {

    public ResultBatch {
        results = results == null ? List.of() : results;
        backoffs = backoffs == null ? List.of() : backoffs;
        documents = documents == null ? List.of() : documents;
    }

    public ResultBatch(String requestID, List<WarmResult> results) {
        this(requestID, results, List.of(), List.of());
    }

    public ResultBatch(String requestID, List<WarmResult> results, List<PopBackoff> backoffs) {
        this(requestID, results, backoffs, List.of());
    }

    /**
     * A warmer's word about one PoP for one job.
     *
     * @param open    true: backed off, tasks at the PoP wait until {@code retryAt}; false: the PoP is warmed again
     * @param reason  what the PoP did, e.g. {@code HTTP 503 x3, Retry-After: 30}
     * @param since   when the back-off began (epoch ms)
     * @param retryAt when the PoP is next tried (epoch ms); 0 when {@code open} is false
     * @param warmer  which warmer backed off (each warmer keeps its own circuit per PoP)
     * @param at      when this was said (epoch ms): of two words about a PoP, the later one holds
     */
    public record PopBackoff(String pop, boolean open, String reason, long since, long retryAt, String warmer, long at) {
    }

    /** Reads the JSON of earlier versions: a batch, or a single result. */
    static ResultBatch fromLegacy(JsonNode node) {
        if (node.has("results") || node.has("backoffs") || node.has("documents")) {
            return CompactSerde.treeAs(node, ResultBatch.class);
        }
        WarmResult r = CompactSerde.treeAs(node, WarmResult.class);
        return new ResultBatch(r.requestID(), List.of(r));
    }
}
