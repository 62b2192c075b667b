package io.prewarm.status.fold;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prewarm.contract.Outcome;

/**
 * One URL of one job: whether a job chunk named it (results may arrive first), and how many of
 * its tasks ended, failed, or were skipped after the deadline. Skipped tasks leave a URL unfinished.
 * Kept apart from the URL's outcomes ({@link UrlOutcomes}) because status pages read it for every
 * URL they list and must stay small and fast. In a job whose chunks have their own targets (a
 * retry) the URL also knows its target groups ({@link TargetGroups}) and so its own task count;
 * both are left out of the stored value otherwise, which is then the first version's.
 * {@code uncacheable} marks a URL counted in its job's {@code uncacheableUrls}, so it is counted once.
 *
 * @param tasks  how many tasks the URL has; 0: the job's {@code tasksPerUrl}
 * @param groups the job's target groups the URL was registered with (empty in ordinary jobs)
 * @param uncacheable whether a failed task of the URL named a header that forbids caching (absent when not)
 * @param documentFailed whether the URL is a document of the job that could not be read (issue 16): the URL's
 *                       verdict is then failed whatever its tasks did (absent when not)
 */
public record UrlState(boolean registered, int done, int failed, int skipped, @JsonInclude(JsonInclude.Include.NON_DEFAULT) int tasks,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) ChunkSet groups,
                       @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean uncacheable,
                       @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean documentFailed) {
    static final UrlState NEW = new UrlState(false, 0, 0, 0);

    public UrlState {
        groups = groups == null ? ChunkSet.EMPTY : groups;
    }

    public UrlState(boolean registered, int done, int failed, int skipped) {
        this(registered, done, failed, skipped, 0, ChunkSet.EMPTY, false, false);
    }

    /** Whether every task of the URL ended (succeeded or failed), the job's URLs having {@code tasksPerUrl} each unless this one has its own. */
    public boolean complete(int tasksPerUrl) {
        return done >= (tasks > 0 ? tasks : tasksPerUrl);
    }

    /** How many of the URL's tasks have a recorded outcome (ended or skipped). */
    public int recorded() {
        return done + skipped;
    }

    UrlState asRegistered() {
        return new UrlState(true, done, failed, skipped, tasks, groups, uncacheable, documentFailed);
    }

    /** Registered with one more target group, which brings {@code moreTasks} tasks. */
    UrlState inGroup(int group, int moreTasks) {
        return new UrlState(true, done, failed, skipped, tasks + moreTasks, groups.with(group), uncacheable, documentFailed);
    }

    UrlState recording(Outcome outcome) {
        boolean skip = outcome == Outcome.SKIPPED;
        return new UrlState(registered, done + (skip ? 0 : 1), failed + (outcome == Outcome.FAILURE ? 1 : 0), skipped + (skip ? 1 : 0), tasks, groups,
                uncacheable, documentFailed);
    }

    /** Marked as counted among its job's uncacheable URLs. */
    UrlState markedUncacheable() {
        return new UrlState(registered, done, failed, skipped, tasks, groups, true, documentFailed);
    }

    /** Marked as a document of its job that could not be read. */
    UrlState markedDocumentFailed() {
        return new UrlState(registered, done, failed, skipped, tasks, groups, uncacheable, true);
    }

    /** Whether the URL's verdict, once its tasks all ended, is failed: a task failed, or it is a document that could not be read. */
    public boolean failedVerdict() {
        return failed > 0 || documentFailed;
    }
}
