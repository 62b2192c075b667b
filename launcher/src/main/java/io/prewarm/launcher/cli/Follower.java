package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * Follows a submitted job until its status is final, polling {@code GET /status?limit=1} (counts
 * for the whole job, one URL of lists, so each poll is cheap at any job size). A job that
 * {@code POST /prewarm} accepted is known at once on every status instance, so a 404 ends the
 * command at once (the deployment lost the job). What a healthy deployment does on its own is
 * ridden out: 503 while the store starts, rebalances or catches up (asked again after its
 * {@code Retry-After}), a server restarting; it gives up only when the status has been unreadable
 * for longer than {@link CliIo.Pacing#retryFor()}. A job whose URLs are documents grows while they
 * are read: its polls ask for {@code detail=true} too (its {@code detail.expansion} says whether
 * anything is still to be read) until the documents are all read, and then only for the counts.
 */
final class Follower {
    private final StatusClient client;
    private final CliIo.Pacing pacing;
    private final ProgressBar bar;
    private long lastGood = System.nanoTime();
    private String problem = "";
    private Duration wait;
    /** Whether the job may still grow: documents or parts of them not in yet. */
    private boolean growing;

    Follower(StatusClient client, CliIo io, boolean expands) {
        this.client = client;
        this.growing = expands;
        this.pacing = io.pacing();
        this.bar = new ProgressBar(io.err(), io.terminal(), pacing.plainEvery());
    }

    /** Follows job {@code id} to its end, prints its summary on stdout and returns the exit code of its final status. */
    static int toTheEnd(StatusClient client, CliIo io, String id) {
        return toTheEnd(client, io, id, false);
    }

    /** As {@link #toTheEnd(StatusClient, CliIo, String)}, for a job whose URLs are documents when {@code expands}. */
    static int toTheEnd(StatusClient client, CliIo io, String id, boolean expands) {
        new Follower(client, io, expands).follow(id);
        Summary summary = Summary.load(client, id, io.pacing());
        summary.print(io.out(), client.server(), false);
        io.out().flush();
        return Exit.of(summary.status());
    }

    /** Polls until the job's status is final; returns that answer. */
    JsonNode follow(String id) {
        try {
            while (true) {
                wait = pacing.poll();
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
                StatusClient.pause(wait);
            }
        } finally {
            bar.end();
        }
    }

    /** One poll: the status answer, or empty with {@link #problem} saying why there is none this time. */
    private Optional<JsonNode> poll(String id) {
        StatusClient.Answer a;
        try {
            a = client.status(id, growing ? "detail=true&limit=1" : "limit=1");
        } catch (CliError unreachable) {
            problem = unreachable.getMessage();
            return Optional.empty();
        }
        if (a.code() == 200) {
            lastGood = System.nanoTime();
            JsonNode status = a.json();
            growing = growing && ProgressBar.growing(status);
            return Optional.of(status);
        }
        if (a.code() == 404) {
            throw new CliError(Exit.UNAVAILABLE, "the server does not know job " + id + ": " + a.message());
        }
        if (a.code() >= 400 && a.code() < 500) {
            StatusClient.expectOk(a);
        }
        if (a.code() == 503) {
            wait = a.pause(pacing.poll());
        }
        problem = "HTTP " + a.code() + ": " + a.message();
        return Optional.empty();
    }

    private static long since(long then) {
        return System.nanoTime() - then;
    }
}
