package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * Follows a submitted job until its status is final, polling {@code GET /status?limit=1} (counts
 * for the whole job, one URL of lists, so each poll is cheap at any job size). It rides out what
 * a healthy deployment does on its own: 404 while a just-accepted job is on its way to the status
 * store, 503 while the store starts or rebalances, a server restarting; it gives up only when the
 * status has been unreadable for longer than {@link CliIo.Pacing#retryFor()}.
 */
final class Follower {
    private final StatusClient client;
    private final CliIo.Pacing pacing;
    private final ProgressBar bar;
    private final long start = System.nanoTime();
    private long lastGood = start;
    private boolean seen;
    private String problem = "";

    Follower(StatusClient client, CliIo io) {
        this.client = client;
        this.pacing = io.pacing();
        this.bar = new ProgressBar(io.err(), io.terminal(), pacing.plainEvery());
    }

    /** Polls until the job's status is final; returns that answer. */
    JsonNode follow(String id) {
        try {
            while (true) {
                Optional<JsonNode> status = poll(id);
                if (status.isPresent()) {
                    bar.show(status.get());
                    if (Exit.isFinal(status.get().path("status").asText())) {
                        return status.get();
                    }
                } else {
                    if (since(lastGood) > pacing.retryFor().toNanos()) {
                        throw new CliError(Exit.UNAVAILABLE, "gave up following job " + id + " after "
                                + ProgressBar.clock(Duration.ofNanos(since(lastGood))) + " without a status: " + problem
                                + " (the job goes on; ./prewarm status " + id + " shows it later)");
                    }
                    bar.waiting(problem);
                }
                StatusClient.pause(pacing.poll());
            }
        } finally {
            bar.end();
        }
    }

    /** One poll: the status answer, or empty with {@link #problem} saying why there is none this time. */
    private Optional<JsonNode> poll(String id) {
        StatusClient.Answer a;
        try {
            a = client.status(id, "limit=1");
        } catch (CliError unreachable) {
            problem = unreachable.getMessage();
            return Optional.empty();
        }
        if (a.code() == 200) {
            lastGood = System.nanoTime();
            seen = true;
            return Optional.of(a.json());
        }
        if (a.code() == 404) {
            if (seen || since(start) > pacing.appearWithin().toNanos()) {
                throw new CliError(Exit.UNAVAILABLE, "the server does not know job " + id + ": " + a.message());
            }
            lastGood = System.nanoTime();
            problem = "job " + id + " is on its way to the status store";
            return Optional.empty();
        }
        if (a.code() >= 400 && a.code() < 500) {
            StatusClient.expectOk(a);
        }
        problem = "HTTP " + a.code() + ": " + a.message();
        return Optional.empty();
    }

    private static long since(long then) {
        return System.nanoTime() - then;
    }
}
