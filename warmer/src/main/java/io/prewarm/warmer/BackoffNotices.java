package io.prewarm.warmer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells jobs on {@code prewarm.results} when this warmer backs off from a PoP where they have
 * tasks, and when it stops: each open (or re-open) of a circuit goes to the jobs with tasks waiting
 * or running at the PoP ({@link LocalJobs#at}), a job's batch that arrives while the PoP is backed
 * off brings it the word too (once per back-off), and the close goes to every job told. Run on
 * the consumer loop's thread; the records go out through the {@link ResultBatcher}'s producer.
 */
final class BackoffNotices {
    private final PopCircuits circuits;
    private final LocalJobs jobs;
    private final ResultBatcher results;

    BackoffNotices(PopCircuits circuits, LocalJobs jobs, ResultBatcher results) {
        this.circuits = circuits;
        this.jobs = jobs;
        this.results = results;
    }

    /** A batch was taken in: its job hears of each of its PoPs backed off now, unless it already did. */
    void arrived(PolledBatch batch) {
        if (!circuits.anyOpen()) {
            return;
        }
        for (String pop : new LinkedHashSet<>(batch.pops())) {
            circuits.tell(pop, batch.requestID()).ifPresent(word -> results.tell(batch.requestID(), List.of(word)));
        }
    }

    /** Sends the circuits' opens and closes since the last call to the jobs they concern. */
    void sendChanges() {
        for (PopCircuits.Change change : circuits.changes()) {
            String pop = change.word().pop();
            Set<String> to = change.told() != null ? change.told() : jobs.at(pop);
            for (String requestID : to) {
                if (change.told() == null) {
                    circuits.told(pop, requestID);
                }
                results.tell(requestID, List.of(change.word()));
            }
        }
    }
}
