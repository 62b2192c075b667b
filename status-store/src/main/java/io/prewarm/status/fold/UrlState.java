package io.prewarm.status.fold;

import io.prewarm.contract.Outcome;

/**
 * One URL of one job: whether a job chunk named it (results may arrive first), and how many of
 * its tasks ended, failed, or were skipped after the deadline. Skipped tasks leave a URL unfinished.
 * Kept apart from the URL's outcomes ({@link UrlOutcomes}) because status pages read it for every
 * URL they list and must stay small and fast.
 */
public record UrlState(boolean registered, int done, int failed, int skipped) {
    static final UrlState NEW = new UrlState(false, 0, 0, 0);

    /** Whether every task of the URL ended (succeeded or failed). */
    public boolean complete(int tasksPerUrl) {
        return done >= tasksPerUrl;
    }

    /** How many of the URL's tasks have a recorded outcome (ended or skipped). */
    public int recorded() {
        return done + skipped;
    }

    UrlState asRegistered() {
        return new UrlState(true, done, failed, skipped);
    }

    UrlState recording(Outcome outcome) {
        boolean skip = outcome == Outcome.SKIPPED;
        return new UrlState(registered, done + (skip ? 0 : 1), failed + (outcome == Outcome.FAILURE ? 1 : 0), skipped + (skip ? 1 : 0));
    }
}
