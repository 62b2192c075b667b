package io.prewarm.status.fold;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.Targets;
import io.prewarm.contract.WarmResult;
import java.util.List;

/**
 * The per-job counters of the status store: everything {@code GET /status} needs except the URL
 * lists, kept small whatever the job's size. Counts move only when a URL's verdict changes, so
 * they stay exact under repeated, late or out-of-order results. Immutable: every change returns a
 * new header sharing what did not change, so the copy the ledger caches and the copy a reader holds
 * are never changed under them. The stored value (compact, see {@code CompactSerde}) keeps the
 * first version's fields ({@code pops} and {@code encodings} at the top level, {@code chunksSeen},
 * {@code perPop}), so the JSON of stores written before still reads; the later ones are left out
 * while they hold nothing.
 *
 * @param targets     where the job's URLs are warmed: in a job with {@code groups}, every PoP and variant of any of them
 * @param perPop      per PoP: succeeded and failed task counts
 * @param finishedAt  when the last URL got its verdict, or when the job was cancelled (0 while unfinished)
 * @param announced   the final status already published on prewarm.status, or null
 * @param settings    the request's settings from the first chunk that had them (what a retry reuses, the callback), or null
 * @param cancelledAt when the job was cancelled, else 0
 * @param groups      the targets of each chunk when they differ (a retry), else null
 * @param urlsExpected the distinct URLs of the whole request when a registration said so (ingest's and a
 *                     retry's), so {@link #shownTotal} is the whole job's from the first chunk folded; 0 if unknown
 * @param uncacheableUrls how many of the job's URLs had a failed task whose answer forbade caching (each counted once,
 *                        the first {@value StatusStores#UNCACHEABLE_LISTED} of them listed in {@code job-uncacheable})
 * @param backoffs    the warmers' PoP back-off words about the job ({@link BackoffWords}), while it runs
 * @param expansion   the job's documents, read and to be read ({@link ExpansionTally}); null for a job that expands nothing
 */
@JsonPropertyOrder({"requestID", "pops", "encodings", "createdAt", "deadline", "error", "chunkCount", "chunksSeen", "total", "completed",
        "failed", "perPop", "finishedAt", "announced", "settings", "cancelledAt", "groups", "urlsExpected", "uncacheableUrls", "backoffs", "expansion"})
public record JobHeader(String requestID, @JsonIgnore Targets targets, long createdAt, long deadline, String error,
                        int chunkCount, ChunkSet chunksSeen, int total, int completed, int failed,
                        PopTallies perPop, long finishedAt, JobStatus announced, PrewarmRequest settings,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long cancelledAt, TargetGroups groups,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int urlsExpected,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int uncacheableUrls,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ResultBatch.PopBackoff> backoffs,
                        @JsonInclude(JsonInclude.Include.NON_NULL) ExpansionTally expansion) {

    public JobHeader {
        chunksSeen = chunksSeen == null ? ChunkSet.EMPTY : chunksSeen;
        perPop = perPop == null ? PopTallies.NONE : perPop;
        backoffs = backoffs == null ? List.of() : backoffs;
    }

    /** A header as stored: the targets' two lists are top-level fields (faster to read than an unwrapped object). */
    @JsonCreator
    JobHeader(@JsonProperty("requestID") String requestID, @JsonProperty("pops") List<String> pops,
              @JsonProperty("encodings") List<String> encodings, @JsonProperty("createdAt") long createdAt,
              @JsonProperty("deadline") long deadline, @JsonProperty("error") String error, @JsonProperty("chunkCount") int chunkCount,
              @JsonProperty("chunksSeen") ChunkSet chunksSeen, @JsonProperty("total") int total, @JsonProperty("completed") int completed,
              @JsonProperty("failed") int failed, @JsonProperty("perPop") PopTallies perPop, @JsonProperty("finishedAt") long finishedAt,
              @JsonProperty("announced") JobStatus announced, @JsonProperty("settings") PrewarmRequest settings,
              @JsonProperty("cancelledAt") long cancelledAt, @JsonProperty("groups") TargetGroups groups,
              @JsonProperty("urlsExpected") int urlsExpected, @JsonProperty("uncacheableUrls") int uncacheableUrls,
              @JsonProperty("backoffs") List<ResultBatch.PopBackoff> backoffs, @JsonProperty("expansion") ExpansionTally expansion) {
        this(requestID, new Targets(pops == null ? List.of() : pops, encodings), createdAt, deadline, error, chunkCount, chunksSeen, total, completed, failed, perPop,
                finishedAt, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    @JsonProperty("pops")
    private List<String> jsonPops() {
        return targets.pops();
    }

    @JsonProperty("encodings")
    private List<String> jsonEncodings() {
        return targets.encodings();
    }

    /** The header of a job none of whose chunks is counted yet; a retry's chunks each have their own targets. */
    public static JobHeader from(Job job) {
        TargetGroups groups = job.retryOf() == null ? null : TargetGroups.NONE.with(job.targets());
        return new JobHeader(job.requestID(), job.targets(), job.createdAt(), job.deadline(), job.error(), job.chunkCount(),
                ChunkSet.EMPTY, 0, 0, 0, PopTallies.NONE, 0, null, job.settings(), 0, groups, job.requestUrls(), 0, List.of(), null);
    }

    /**
     * The {@code total} a status answer shows: every URL registered so far, or, while chunks are still
     * to be folded, the whole request's distinct URLs when its registration said how many.
     */
    public int shownTotal() {
        return allChunksSeen() ? total : Math.max(total, urlsExpected);
    }

    /** This header knowing the whole request's distinct URL count, if {@code chunk} says it. */
    JobHeader expecting(Job chunk) {
        return chunk.requestUrls() <= urlsExpected ? this : new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen,
                total, completed, failed, perPop, finishedAt, announced, settings, cancelledAt, groups, chunk.requestUrls(), uncacheableUrls, backoffs, expansion);
    }

    public int tasksPerUrl() {
        return targets.tasksPerUrl();
    }

    /** Whether every task of {@code url} (one of this job's) ended. */
    public boolean complete(UrlState url) {
        return url.complete(tasksPerUrl());
    }

    /** How many tasks of this job are warmed at {@code pop}. */
    public long tasksAt(String pop) {
        return groups == null ? (long) shownTotal() * targets.encodings().size() : groups.tasksPerPop().getOrDefault(pop, 0);
    }

    /** Whether the task at {@code pop} in {@code variant} is one of {@code url}'s in this job. */
    boolean includes(UrlState url, String pop, String variant) {
        return groups == null || url.groups().size() == 0 ? targets.includes(pop, variant) : groups.includes(url.groups(), pop, variant);
    }

    /** The job whose failed tasks this job retries, or null. */
    public String retryOf() {
        return settings == null ? null : settings.retryOf();
    }

    /** Where the job's final status is POSTed, or null. */
    public String callbackUrl() {
        return settings == null ? null : settings.callbackUrl();
    }

    public boolean allChunksSeen() {
        return chunksSeen.size() >= chunkCount;
    }

    /** Whether the job ended: cancelled, rejected, or every chunk, document and part is in and every URL has its verdict. */
    public boolean finished() {
        return cancelledAt > 0 || error != null || (allChunksSeen() && completed == total && (expansion == null || expansion.settled()));
    }

    /** The job's status as of {@code now}. */
    public JobStatus status(long now) {
        if (cancelledAt > 0) {
            return JobStatus.CANCELLED;
        }
        if (error != null) {
            return JobStatus.FAILED;
        }
        if (finished()) {
            return finishedAt > deadline ? JobStatus.TIMEOUT : failed > 0 ? JobStatus.FAILED : JobStatus.COMPLETED;
        }
        return now > deadline ? JobStatus.TIMEOUT : JobStatus.IN_PROGRESS;
    }

    /** What {@code prewarm.status} announces when the job reaches {@code status} at {@code now}. */
    JobStatusEvent event(JobStatus status, long now) {
        return new JobStatusEvent(requestID, status, total, completed, failed, total - completed, createdAt, finishedAt > 0 ? finishedAt : now,
                error);
    }

    JobHeader failing(String why) {
        return new JobHeader(requestID, targets, createdAt, deadline, why, chunkCount, chunksSeen, total, completed, failed,
                perPop, finishedAt, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    JobHeader withChunk(int index) {
        return new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen.with(index), total, completed,
                failed, perPop, finishedAt, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    /** This header with {@code s} as the job's settings unless it has some already. */
    JobHeader withSettings(PrewarmRequest s) {
        return settings != null || s == null ? this : new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen,
                total, completed, failed, perPop, finishedAt, announced, s, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    /** This header with the groups changed so (its targets follow them). */
    JobHeader withGroups(TargetGroups g) {
        return g == groups ? this : new JobHeader(requestID, g.union(), createdAt, deadline, error, chunkCount, chunksSeen, total, completed,
                failed, perPop, finishedAt, announced, settings, cancelledAt, g, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    /** The job cancelled at {@code at}: final, and announced so, at once. */
    JobHeader cancelled(long at) {
        return new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen, total, completed, failed,
                perPop, at, JobStatus.CANCELLED, settings, at, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    /** This header with a task of {@code pop} that ended so in the per-PoP counts (the URL counts move separately). */
    JobHeader counting(String pop, Outcome outcome) {
        PopTallies next = perPop.counting(pop, outcome);
        return next == perPop ? this : new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen, total,
                completed, failed, next, finishedAt, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    /** This header with {@code t} counted at its PoP: its outcome, and whether it was verified or found not cached. */
    JobHeader counting(TaskOutcome t) {
        PopTallies next = perPop.counting(t.pop(), t.outcome(), t.verified(), t.notCached());
        return next == perPop ? this : new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen, total,
                completed, failed, next, finishedAt, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    JobHeader counting(WarmResult result) {
        return counting(TaskOutcome.of(result));
    }

    /** This header with one more URL counted among the uncacheable ones. */
    JobHeader withUncacheableUrl() {
        return new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen, total, completed, failed,
                perPop, finishedAt, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls + 1, backoffs, expansion);
    }

    /** This header with its back-off words so ({@code this} when they are the ones it holds). */
    JobHeader withBackoffs(List<ResultBatch.PopBackoff> words) {
        return words == backoffs ? this : new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen, total,
                completed, failed, perPop, finishedAt, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, words, expansion);
    }

    /** The PoPs backed off now ({@link BackoffWords}), one word per warmer; none once the job ended, as no task of it waits. */
    public List<ResultBatch.PopBackoff> backedOff() {
        return finished() ? List.of() : BackoffWords.open(backoffs);
    }

    JobHeader counting(Iterable<WarmResult> results) {
        JobHeader h = this;
        for (WarmResult r : results) {
            h = h.counting(r);
        }
        return h;
    }

    JobHeader withUrlCounts(int newTotal, int newCompleted, int newFailed) {
        return new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen, newTotal, newCompleted,
                newFailed, perPop, finishedAt, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    /** This header with its documents' tally so ({@code this} when it is the one it holds). */
    JobHeader withExpansion(ExpansionTally t) {
        return t == expansion ? this : new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen, total, completed,
                failed, perPop, finishedAt, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, t);
    }

    JobHeader endedAt(long at) {
        return new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen, total, completed, failed,
                perPop, at, announced, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }

    JobHeader announcing(JobStatus status) {
        return new JobHeader(requestID, targets, createdAt, deadline, error, chunkCount, chunksSeen, total, completed, failed,
                perPop, finishedAt, status, settings, cancelledAt, groups, urlsExpected, uncacheableUrls, backoffs, expansion);
    }
}
