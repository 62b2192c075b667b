package io.prewarm.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One record of {@code prewarm.results}, keyed by requestID: the results of one job that one warmer
 * finished within a few milliseconds. Each result is still one task's outcome; the status fold
 * counts each task once however often (or in however many batches) its result arrives.
 */
public record ResultBatch(String requestID, List<WarmResult> results) {

    public ResultBatch {
        results = results == null ? List.of() : results;
    }

    /** Reads the JSON of earlier versions: a batch, or a single result. */
    static ResultBatch fromLegacy(JsonNode node) {
        if (node.has("results")) {
            return CompactSerde.treeAs(node, ResultBatch.class);
        }
        WarmResult r = CompactSerde.treeAs(node, WarmResult.class);
        return new ResultBatch(r.requestID(), List.of(r));
    }
}
