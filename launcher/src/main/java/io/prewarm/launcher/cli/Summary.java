package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.JobStatus;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a person wants to know about a job at a glance: its status, URL and task counts, for a job
 * expanded from documents how far reading them got (read, failed, URLs found, the limit that cut it,
 * the documents that could not be read and why), how many
 * tasks were proven cached and how many were not, the URLs the edge may not cache (with the header
 * that says so), the PoPs backed off now, how many URLs failed, a few failed tasks with PoP and
 * reason, optionally the per-PoP table, the job it retries, when it was cancelled, its webhook's
 * delivery, and how to retry its failures. Built
 * from one {@code detail=true} answer plus the failed URLs counted page by page, so it stays
 * small and cheap for a 100,000-URL job.
 */
record Summary(String id, JsonNode answer, long failedUrls) {
    static final int FAILURES_SHOWN = 5;
    static final int POPS_SHOWN = 40;
    static final int UNCACHEABLE_SHOWN = 5;
    static final int BACKOFFS_SHOWN = 10;
    private static final int PAGE = 10_000;

    static Summary load(StatusClient client, String id, CliIo.Pacing pacing) {
        JsonNode answer = client.fetch(id, "detail=true&limit=1", pacing).json();
        long failed = 0;
        if (!answer.path("status").asText().equals(JobStatus.COMPLETED.name())) {
            String cursor = null;
            do {
                JsonNode page = client.fetch(id, "limit=" + PAGE + (cursor == null ? "" : "&cursor=" + StatusClient.encode(cursor)), pacing).json();
                failed += page.path("failedUrl").size();
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            } while (cursor != null);
        }
        return new Summary(id, answer, failed);
    }

    String status() {
        return answer.path("status").asText();
    }

    void print(PrintStream out, String server, boolean withPops) {
        JsonNode tasks = answer.path("detail").path("tasks");
        int pops = answer.path("detail").path("pops").size();
        out.printf("status     %s%n", status());
        out.printf("URLs       %d/%d done, %d failed%s%n", answer.path("completed").asInt(), answer.path("total").asInt(), failedUrls,
                answer.path("inProgress").asInt() > 0 ? ", " + answer.path("inProgress").asInt() + " not done" : "");
        if (answer.hasNonNull("error")) {
            out.printf("error      %s%n", answer.path("error").asText());
        }
        JsonNode detail = answer.path("detail");
        ExpansionSummary.print(out, detail.path("expansion"), Exit.isFinal(status()));
        if (detail.path("retryOf").isTextual()) {
            out.printf("retry of   %s%n", detail.path("retryOf").asText());
        }
        if (detail.path("cancelledAt").asLong() > 0) {
            out.printf("cancelled  at %s%n", Instant.ofEpochMilli(detail.path("cancelledAt").asLong()));
        }
        if (!tasks.isMissingNode()) {
            out.printf("tasks      %d succeeded, %d failed, %d pending (of %d, at %d PoP%s)%n", tasks.path("succeeded").asLong(),
                    tasks.path("failed").asLong(), tasks.path("pending").asLong(), tasks.path("total").asLong(), pops, pops == 1 ? "" : "s");
        }
        printVerification(out, tasks);
        printUncacheable(out, detail);
        printBackoffs(out, detail.path("backoff"));
        if (withPops && pops > 0) {
            printPops(out);
        }
        printFailures(out, tasks.path("failed").asLong());
        if (detail.path("webhook").isObject()) {
            out.printf("webhook    %s%n", webhook(detail.path("webhook")));
        }
        out.printf("report     %s/report?requestID=%s%n", server, StatusClient.encode(id));
        if (Exit.isFinal(status()) && tasks.path("failed").asLong() > 0) {
            out.printf("retry      ./prewarm retry %s  (warms the %d failed task%s again)%n", id, tasks.path("failed").asLong(),
                    tasks.path("failed").asLong() == 1 ? "" : "s");
        }
    }

    /** {@code DELIVERED to https://... (1 attempt)}, with the last error and the next attempt while it is still trying. */
    static String webhook(JsonNode w) {
        int attempts = w.path("attempts").asInt();
        StringBuilder line = new StringBuilder(w.path("state").asText()).append(" to ").append(w.path("url").asText())
                .append(" (").append(attempts).append(attempts == 1 ? " attempt" : " attempts");
        if (!w.path("state").asText().equals("DELIVERED")) {
            if (w.path("lastStatus").isInt()) {
                line.append(", last HTTP ").append(w.path("lastStatus").asInt());
            }
            if (w.path("lastError").isTextual()) {
                line.append(", last error: ").append(w.path("lastError").asText());
            }
            if (w.path("state").asText().equals("PENDING") && w.path("nextAttemptAt").asLong() > 0) {
                line.append(", next at ").append(Instant.ofEpochMilli(w.path("nextAttemptAt").asLong()));
            }
        }
        return line.append(')').toString();
    }

    /** Only when the job verified anything: a job warmed with verification off has neither count. */
    private static void printVerification(PrintStream out, JsonNode tasks) {
        long verified = tasks.path("verified").asLong();
        long notCached = tasks.path("notCached").asLong();
        if (verified + notCached > 0) {
            out.printf("verified   %d task%s proven in the PoP's cache, %d not cached%n", verified, verified == 1 ? "" : "s", notCached);
        }
    }

    /** {@code uncacheableCount} counts every such URL, also those past the list the server keeps ({@code uncacheableTruncated}). */
    private static void printUncacheable(PrintStream out, JsonNode detail) {
        JsonNode list = detail.path("uncacheable");
        long count = Math.max(detail.path("uncacheableCount").asLong(), list.size());
        if (count == 0) {
            return;
        }
        int shown = Math.min(UNCACHEABLE_SHOWN, list.size());
        out.printf("uncacheable %d URL%s answered with a header that forbids caching%s:%n", count, count == 1 ? "" : "s",
                shown < count ? " (first " + shown + ")" : "");
        for (int i = 0; i < shown; i++) {
            JsonNode u = list.get(i);
            out.printf("  %s: %s  %s%n", u.path("header").asText(), u.path("value").asText(), u.path("url").asText());
        }
    }

    private static void printBackoffs(PrintStream out, JsonNode backoffs) {
        if (backoffs.isEmpty()) {
            return;
        }
        out.printf("backoff    %d PoP%s backed off now (no tasks sent there until the next try):%n", backoffs.size(), backoffs.size() == 1 ? "" : "s");
        for (int i = 0; i < Math.min(BACKOFFS_SHOWN, backoffs.size()); i++) {
            JsonNode b = backoffs.get(i);
            out.printf("  %-10s %s, since %s, next try %s%s%n", b.path("pop").asText(), b.path("reason").asText(), at(b.path("since")),
                    at(b.path("retryAt")), b.path("warmer").isTextual() ? " (warmer " + b.path("warmer").asText() + ")" : "");
        }
        if (backoffs.size() > BACKOFFS_SHOWN) {
            out.printf("  ... and %d more (--json shows all)%n", backoffs.size() - BACKOFFS_SHOWN);
        }
    }

    /** An instant the server gives in epoch milliseconds (or already as text). */
    private static String at(JsonNode instant) {
        if (instant.isTextual()) {
            return instant.asText();
        }
        return instant.asLong() > 0 ? Instant.ofEpochMilli(instant.asLong()).toString() : "-";
    }

    private void printFailures(PrintStream out, long failedTasks) {
        JsonNode failures = answer.path("detail").path("failures");
        if (failures.isEmpty()) {
            return;
        }
        out.printf("failures   first %d of %d failed tasks:%n", Math.min(FAILURES_SHOWN, failures.size()), failedTasks);
        for (int i = 0; i < Math.min(FAILURES_SHOWN, failures.size()); i++) {
            JsonNode f = failures.get(i);
            out.printf("  %-10s %s  %s%n", f.path("pop").asText(), f.path("reason").asText(), f.path("url").asText());
        }
    }

    private void printPops(PrintStream out) {
        List<JsonNode> rows = new ArrayList<>();
        answer.path("detail").path("pops").forEach(rows::add);
        rows.sort(Comparator.comparingLong((JsonNode p) -> -p.path("failed").asLong()).thenComparingLong(p -> -p.path("pending").asLong())
                .thenComparing(p -> p.path("pop").asText()));
        out.printf("%-12s %9s %10s %8s %8s%n", "PoP", "tasks", "succeeded", "failed", "pending");
        rows.stream().limit(POPS_SHOWN).forEach(p -> out.printf("%-12s %9d %10d %8d %8d%n", p.path("pop").asText(), p.path("total").asLong(),
                p.path("succeeded").asLong(), p.path("failed").asLong(), p.path("pending").asLong()));
        if (rows.size() > POPS_SHOWN) {
            out.printf("... and %d more PoPs (--json shows all)%n", rows.size() - POPS_SHOWN);
        }
    }
}
