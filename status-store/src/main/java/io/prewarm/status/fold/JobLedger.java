package io.prewarm.status.fold;

import io.prewarm.contract.Cacheability;
import io.prewarm.contract.Expansion;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where a task is counted: the write side of the status store. Job chunks register URLs (a retry's
 * each with its own targets), a cancel ends a running job; a result batch is folded URL by URL,
 * each URL's counters and outcome entry read once and written once (first result per task wins,
 * see {@link UrlUpdate}), and the job's header changed in memory
 * across the batch and written once, its counters moving only when a URL's verdict changes. So
 * repeated, late or out-of-order deliveries never change the counts and {@code completed} never
 * exceeds {@code total}. One ledger serves one stream task.
 *
 * <p>What verification adds is kept alike: verified and not-cached tasks in the per-PoP tallies (once per
 * task, as the other counts), each URL with a failed task whose answer forbade caching counted once
 * in the header and listed, the first {@value StatusStores#UNCACHEABLE_LISTED} of them, in
 * {@code job-uncacheable}; the warmers' PoP back-off words in the header ({@link BackoffWords}). Words
 * about a job whose header is not there yet are dropped: a back-off passes, and the warmer says it again.
 *
 * <p>An expanded job (issue 16) also grows: each part of a document is registered once, like a chunk,
 * by its part id, and the documents named, read or failed are kept by {@link DocumentLedger}; the job
 * is final only once they are all in. A document that could not be read fails its URL.
 */
final class JobLedger {
    private final HeaderCache headers;
    private final KeyValueStore<String, UrlState> urls;
    private final KeyValueStore<String, UrlOutcomes> outcomes;
    private final KeyValueStore<String, WarmResult> failures;
    private final UncacheableUrls uncacheable;
    private final UrlOutcomeReader reader;
    private final DocumentLedger documents;

    JobLedger(HeaderCache headers, KeyValueStore<String, UrlState> urls, KeyValueStore<String, UrlOutcomes> outcomes,
              UrlOutcomeReader reader, KeyValueStore<String, WarmResult> failures, KeyValueStore<String, Cacheability.Uncacheable> uncacheable,
              KeyValueStore<String, DocumentState> documents) {
        this.documents = new DocumentLedger(documents, urls);
        this.headers = headers;
        this.urls = urls;
        this.outcomes = outcomes;
        this.reader = reader;
        this.failures = failures;
        this.uncacheable = new UncacheableUrls(uncacheable);
    }

    /** Registers one chunk of a job; returns the event to publish if the job just reached its final status. */
    Optional<JobStatusEvent> register(Job chunk, long now) {
        JobHeader h = headers.get(chunk.requestID());
        if (h == null) {
            h = withEarlyResults(JobHeader.from(chunk));
        } else if (chunk.isRejected() && h.error() == null) {
            h = h.failing(chunk.error());
        }
        if (chunk.isPart()) {
            return registerPart(h, chunk, now);
        }
        if (h.chunksSeen().contains(chunk.chunkIndex())) {
            return Optional.empty();
        }
        JobHeader counted = registerUrls(h.withSettings(chunk.settings()).expecting(chunk).withChunk(chunk.chunkIndex()), chunk);
        return save(documents.expecting(counted, chunk), now);
    }

    /**
     * Registers a part of one of the job's documents, once: its URLs as a chunk's, its documents to be
     * read, the part seen by its document. It is not one of the job's chunks (it has no index among them).
     * A part whose id does not name a document and an index still counts its URLs (each once anyway).
     */
    private Optional<JobStatusEvent> registerPart(JobHeader h, Job part, long now) {
        Optional<Expansion.PartId> id = Expansion.PartId.parse(part.part());
        if (id.isPresent() && documents.seen(h.requestID(), id.get())) {
            return Optional.empty();
        }
        JobHeader seen = id.map(p -> documents.withPart(h, p)).orElse(h);
        return save(documents.expecting(registerUrls(seen, part), part), now);
    }

    /**
     * Applies a cancel: a job still running becomes CANCELLED at once (the event to publish); an
     * unknown job or one already final is left as it is. Results still arriving are counted after.
     */
    Optional<JobStatusEvent> cancel(Job cancel) {
        JobHeader h = headers.get(cancel.requestID());
        if (h == null || h.announced() != null) {
            return Optional.empty();
        }
        h = h.cancelled(cancel.cancelledAt());
        headers.put(h);
        return Optional.of(h.event(JobStatus.CANCELLED, cancel.cancelledAt()));
    }

    /**
     * Counts the URLs no earlier chunk named; a URL whose results all came first is complete at once.
     * In a job whose chunks have their own targets, a URL named again by a chunk of other targets gets
     * that chunk's tasks too (and may so be unfinished again), and every PoP's task count grows.
     */
    private JobHeader registerUrls(JobHeader before, Job chunk) {
        TargetGroups groups = before.groups() == null ? null : before.groups().with(chunk.targets());
        JobHeader h = groups == null ? before : before.withGroups(groups);
        int group = groups == null ? -1 : groups.indexOf(chunk.targets());
        int tasks = chunk.targets().tasksPerUrl();
        int total = h.total();
        int completed = h.completed();
        int failed = h.failed();
        int newlyNamed = 0;
        for (String url : chunk.urls()) {
            String key = TaskId.urlStoreKey(h.requestID(), url);
            UrlState u = Optional.ofNullable(urls.get(key)).orElse(UrlState.NEW);
            boolean known = u.registered() && (group < 0 || u.groups().contains(group));
            if (known) {
                continue;
            }
            UrlState after = group < 0 ? u.asRegistered() : u.inGroup(group, tasks);
            urls.put(key, after);
            newlyNamed++;
            total += u.registered() ? 0 : 1;
            if (u.registered() && h.complete(u)) {
                completed--;
                failed -= u.failedVerdict() ? 1 : 0;
            }
            if (h.complete(after)) {
                completed++;
                failed += after.failedVerdict() ? 1 : 0;
            }
        }
        return (groups == null ? h : withTasksPerPop(h, chunk, newlyNamed)).withUrlCounts(total, completed, failed);
    }

    /** {@code h} with the tasks of {@code urls} more URLs at each of {@code chunk}'s PoPs. */
    private static JobHeader withTasksPerPop(JobHeader h, Job chunk, int urls) {
        Map<String, Integer> perPop = new LinkedHashMap<>();
        for (String pop : chunk.targets().pops()) {
            perPop.merge(pop, urls * chunk.targets().encodings().size(), Integer::sum);
        }
        return h.withGroups(h.groups().counting(perPop));
    }

    /** Records a batch of one job's results; returns the event to publish if the job just reached its final status. */
    Optional<JobStatusEvent> record(ResultBatch batch, long now) {
        JobHeader h = headers.get(batch.requestID());
        JobHeader job = h;
        boolean counted = false;
        for (Map.Entry<String, List<WarmResult>> url : byUrl(batch).entrySet()) {
            UrlState was = Optional.ofNullable(urls.get(url.getKey())).orElse(UrlState.NEW);
            BiPredicate<String, String> belongs = job == null ? UrlUpdate.ANY_TASK : (pop, variant) -> job.includes(was, pop, variant);
            UrlUpdate u = UrlUpdate.apply(was, reader.of(url.getKey(), was), belongs, url.getValue());
            if (!u.added().isEmpty()) {
                h = write(url.getKey(), h, was, u);
                counted = true;
            }
        }
        for (Expansion.DocumentResult d : batch.documents()) {
            if (d != null && d.url() != null) {
                JobHeader before = h;
                h = documents.recording(batch.requestID(), h, d);
                counted |= h != before;
            }
        }
        if (h == null) {
            return Optional.empty();
        }
        JobHeader told = told(h, batch);
        return counted || told != h ? save(told, now) : Optional.empty();
    }

    /** {@code h} with the batch's back-off words and the words its successes close; {@code h} itself when they change nothing, and once the job ended. */
    private static JobHeader told(JobHeader h, ResultBatch batch) {
        return h.finished() ? h : h.withBackoffs(BackoffWords.afterBatch(h.backoffs(), batch));
    }

    /** The batch's well-formed results of its own job, by URL store key, each URL's in batch order. */
    private static Map<String, List<WarmResult>> byUrl(ResultBatch batch) {
        Map<String, List<WarmResult>> byUrl = new LinkedHashMap<>();
        for (WarmResult r : batch.results()) {
            if (r != null && batch.requestID().equals(r.requestID()) && r.url() != null && r.pop() != null && r.outcome() != null) {
                byUrl.computeIfAbsent(TaskId.urlStoreKey(r.requestID(), r.url()), k -> new ArrayList<>()).add(r);
            }
        }
        return byUrl;
    }

    /** Writes a URL's added results; returns {@code h} (null before the job's header exists) with them counted. */
    private JobHeader write(String urlKey, JobHeader h, UrlState was, UrlUpdate u) {
        UrlState after = u.after();
        if (h != null) {
            h = counting(h, was, u);
            Cacheability.Uncacheable why = was.uncacheable() ? null : UncacheableUrls.firstIn(u.added());
            if (why != null) {
                after = after.markedUncacheable();
                h = uncacheable.listing(h, urlKey, why);
            }
        }
        urls.put(urlKey, after);
        outcomes.put(urlKey, u.outcomes());
        for (WarmResult r : u.added()) {
            if (r.outcome() == Outcome.FAILURE) {
                failures.put(r.taskId().storeKey(), r);
            }
        }
        return h;
    }

    /** {@code h} with a URL's added results: per-PoP tallies, and the URL counts if the URL just got its verdict. */
    private static JobHeader counting(JobHeader h, UrlState was, UrlUpdate u) {
        boolean nowComplete = u.after().registered() && !h.complete(was) && h.complete(u.after());
        int newlyFailed = nowComplete && u.after().failedVerdict() ? 1 : 0;
        return h.counting(u.added()).withUrlCounts(h.total(), h.completed() + (nowComplete ? 1 : 0), h.failed() + newlyFailed);
    }

    /**
     * A header created after some of its results: their per-PoP counts, and the URLs they found
     * uncacheable, are taken from the job's URL entries once (the marks written after the scan).
     */
    private JobHeader withEarlyResults(JobHeader created) {
        JobHeader h = created;
        Map<String, UrlState> marked = new LinkedHashMap<>();
        try (KeyValueIterator<String, UrlState> it = urls.range(TaskId.jobStorePrefix(h.requestID()), TaskId.jobStoreEnd(h.requestID()))) {
            while (it.hasNext()) {
                KeyValue<String, UrlState> kv = it.next();
                Cacheability.Uncacheable why = null;
                for (TaskOutcome t : reader.of(kv.key, kv.value).tasks()) {
                    if (h.targets().includes(t.pop(), t.variant())) {
                        h = h.counting(t);
                        why = why == null && t.failedUncacheable() ? t.uncacheable() : why;
                    }
                }
                if (why != null && !kv.value.uncacheable()) {
                    marked.put(kv.key, kv.value.markedUncacheable());
                    h = uncacheable.listing(h, kv.key, why);
                }
            }
        }
        marked.forEach(urls::put);
        ExpansionTally early = documents.tallyOf(h.requestID());
        return early == null ? h : h.withExpansion(early);
    }

    private Optional<JobStatusEvent> save(JobHeader h, long now) {
        if (h.finished() && h.finishedAt() == 0) {
            h = h.endedAt(now);
        }
        Optional<JobStatusEvent> event = Optional.empty();
        if (h.announced() == null && h.finished()) {
            JobStatus status = h.status(now);
            h = h.announcing(status);
            event = Optional.of(h.event(status, now));
        }
        headers.put(h);
        return event;
    }
}
