package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/**
 * The summary's lines about a job expanded from documents ({@code detail.expansion}): how many were
 * read, failed or are still to be read, the URLs they named, the limit that cut the job (a limit is
 * never reached silently) and the first documents that could not be read, each with its reason.
 */
final class ExpansionSummary {
    static final int DOCUMENTS_SHOWN = 5;

    private ExpansionSummary() {
    }

    /**
     * {@code documents  3 read, 1 failed, 0 pending (of 4); 24 URLs found, 2 on other hosts left out}, the truncation
     * and the documents not read; nothing for a job without documents. A final job's pending documents were never read.
     */
    static void print(PrintStream out, JsonNode x, boolean finalStatus) {
        if (!x.isObject()) {
            return;
        }
        long found = x.path("urlsFound").asLong();
        long otherHosts = x.path("skippedOtherHosts").asLong();
        int partsPending = x.path("partsPending").asInt();
        out.printf("documents  %d read, %d failed, %d %s (of %d); %d URL%s found%s%s%n", x.path("read").asInt(), x.path("failed").asInt(),
                x.path("pending").asInt(), finalStatus ? "not read" : "pending", x.path("documents").asInt(), found, found == 1 ? "" : "s",
                otherHosts > 0 ? ", " + otherHosts + " on other hosts left out" : "",
                partsPending > 0 && !finalStatus ? ", " + partsPending + " part" + (partsPending == 1 ? "" : "s") + " on the way" : "");
        if (x.path("truncated").isTextual()) {
            out.printf("truncated  %s%n", x.path("truncated").asText());
        }
        JsonNode failures = x.path("failures");
        if (failures.isEmpty()) {
            return;
        }
        int shown = Math.min(DOCUMENTS_SHOWN, failures.size());
        long failed = Math.max(x.path("failed").asLong(), failures.size());
        out.printf("failures   %s document%s could not be read:%n", shown < failed ? "first " + shown + " of " + failed : String.valueOf(failed),
                failed == 1 ? "" : "s");
        for (int i = 0; i < shown; i++) {
            out.printf("  %s  %s%n", failures.get(i).path("reason").asText("not read"), failures.get(i).path("url").asText());
        }
    }
}
