package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Draws a followed job's progress on stderr. On a terminal one line is redrawn in place with
 * {@code \r} at every poll; in a log or a pipe a plain line is written every few seconds and when
 * the status changes, so CI logs show progress without thousands of carriage returns. A job
 * expanded from documents shows how many are read, and its total a {@code +} while it may still
 * grow: the bar is then the share of the URLs known so far, and may shrink back as more are found.
 */
final class ProgressBar {
    static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final Duration plainEvery;
    private final long started = System.nanoTime();
    private long lastPlain = Long.MIN_VALUE;
    private String lastStatus = "";
    private int drawnLength;

    ProgressBar(PrintStream err, boolean terminal, Duration plainEvery) {
        this.err = err;
        this.terminal = terminal;
        this.plainEvery = plainEvery;
    }

    /**
     * The bar for a status answer: {@code [######----]  60%  6/10 URLs  IN_PROGRESS}; for an expanded job
     * (a {@code detail=true} answer) {@code [##--------]  20%  6/30+ URLs  IN_PROGRESS  documents 1/3 read}.
     */
    static String bar(JsonNode status) {
        int total = status.path("total").asInt();
        int completed = Math.min(total, status.path("completed").asInt());
        int filled = total == 0 ? 0 : (int) ((long) completed * WIDTH / total);
        int percent = total == 0 ? 0 : (int) ((long) completed * 100 / total);
        return String.format("[%s%s] %3d%%  %d/%d%s URLs  %s%s", "#".repeat(filled), "-".repeat(WIDTH - filled), percent, completed, total,
                growing(status) ? "+" : "", status.path("status").asText(), documents(status.path("detail").path("expansion")));
    }

    /** Whether the job's total may still grow: it has documents, or parts of read ones, not in yet. */
    static boolean growing(JsonNode status) {
        JsonNode expansion = status.path("detail").path("expansion");
        return (expansion.path("pending").asInt() > 0 || expansion.path("partsPending").asInt() > 0) && !Exit.isFinal(status.path("status").asText());
    }

    private static String documents(JsonNode expansion) {
        if (!expansion.isObject()) {
            return "";
        }
        int failed = expansion.path("failed").asInt();
        return String.format("  documents %d/%d read%s", expansion.path("read").asInt(), expansion.path("documents").asInt(),
                failed > 0 ? ", " + failed + " failed" : "");
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    /** Shows the latest status answer. */
    void show(JsonNode status) {
        draw(bar(status) + "  " + clock(Duration.ofNanos(System.nanoTime() - started)), status.path("status").asText());
    }

    /** Shows why the status cannot be read right now (the CLI keeps trying). */
    void waiting(String why) {
        draw("waiting: " + why, "waiting");
    }

    /** Leaves the cursor on a fresh line after the last redraw. */
    void end() {
        if (terminal && drawnLength > 0) {
            err.println();
            drawnLength = 0;
        }
        err.flush();
    }

    private void draw(String line, String state) {
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
            drawnLength = line.length();
            err.flush();
            return;
        }
        long now = System.nanoTime();
        boolean due = lastPlain == Long.MIN_VALUE || now - lastPlain >= plainEvery.toNanos();
        if (due || !state.equals(lastStatus)) {
            err.println(line);
            lastPlain = now;
        }
        lastStatus = state;
    }
}
