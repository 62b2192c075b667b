package io.prewarm.status;

/**
 * One URL of one job: whether a job chunk named it (results may arrive first), and how many of
 * its tasks ended, failed, or were skipped after the deadline. Skipped tasks leave a URL unfinished.
 */
public record UrlState(boolean registered, int done, int failed, int skipped) {
    static final UrlState NEW = new UrlState(false, 0, 0, 0);

    boolean complete(int tasksPerUrl) {
        return done >= tasksPerUrl;
    }
}
