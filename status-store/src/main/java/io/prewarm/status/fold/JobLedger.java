package io.prewarm.status.fold;

import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where a task is counted: the write side of the status store. Job chunks register URLs, results
 * record task outcomes, and the per-job header's counters move only when a URL's verdict changes.
 * Every task is recorded once (the first result wins), so repeated, late or out-of-order
 * deliveries never change the counts and {@code completed} never exceeds {@code total}.
 * Headers are also kept as objects (written through to the store on every change): they are read
 * for every result, and decoding them each time was the status thread's main cost. One ledger
 * serves one stream task; a restored or migrated task starts with an empty cache.
 */
final class JobLedger {
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, JobHeader> headers;
    private final KeyValueStore<String, UrlState> urls;
    private final KeyValueStore<String, WarmResult> tasks;
    private final KeyValueStore<String, WarmResult> failures;
    private final Map<String, JobHeader> live = new HashMap<>();

    JobLedger(KeyValueStore<String, JobHeader> headers, KeyValueStore<String, UrlState> urls,
              KeyValueStore<String, WarmResult> tasks, KeyValueStore<String, WarmResult> failures) {
        this.headers = headers;
        this.urls = urls;
        this.tasks = tasks;
        this.failures = failures;
    }

    /** Registers one chunk of a job; returns the event to publish if the job just reached its final status. */
    Optional<JobStatusEvent> register(Job chunk, long now) {
        JobHeader h = header(chunk.requestID());
        if (h == null) {
            h = withEarlyResults(JobHeader.from(chunk));
        } else if (chunk.isRejected() && h.error() == null) {
            h = h.failing(chunk.error());
        }
        if (h.chunksSeen().contains(chunk.chunkIndex())) {
            return Optional.empty();
        }
        return save(registerUrls(h.withChunk(chunk.chunkIndex()), chunk.urls()), now);
    }

    /** Counts the URLs no earlier chunk named; a URL whose results all came first is complete at once. */
    private JobHeader registerUrls(JobHeader h, List<String> chunkUrls) {
        int total = h.total();
        int completed = h.completed();
        int failed = h.failed();
        for (String url : chunkUrls) {
            String key = TaskId.urlStoreKey(h.requestID(), url);
            UrlState u = urls.get(key);
            if (u != null && u.registered()) {
                continue;
            }
            u = (u == null ? UrlState.NEW : u).asRegistered();
            urls.put(key, u);
            total++;
            if (u.complete(h.tasksPerUrl())) {
                completed++;
                failed += u.failed() > 0 ? 1 : 0;
            }
        }
        return h.withUrlCounts(total, completed, failed);
    }

    /** Records one task's result; returns the event to publish if the job just reached its final status. */
    Optional<JobStatusEvent> record(WarmResult r, long now) {
        String taskKey = r.taskId().storeKey();
        JobHeader h = header(r.requestID());
        if (tasks.get(taskKey) != null || (h != null && !h.targets().includes(r.pop(), r.acceptEncoding()))) {
            return Optional.empty();
        }
        tasks.put(taskKey, r);
        if (r.outcome() == Outcome.FAILURE) {
            failures.put(taskKey, r);
        }
        String urlKey = TaskId.urlStoreKey(r.requestID(), r.url());
        UrlState before = Optional.ofNullable(urls.get(urlKey)).orElse(UrlState.NEW);
        UrlState after = before.recording(r.outcome());
        urls.put(urlKey, after);
        if (h == null) {
            return Optional.empty();
        }
        boolean nowComplete = after.registered() && !before.complete(h.tasksPerUrl()) && after.complete(h.tasksPerUrl());
        int newlyFailed = nowComplete && after.failed() > 0 ? 1 : 0;
        return save(h.counting(r).withUrlCounts(h.total(), h.completed() + (nowComplete ? 1 : 0), h.failed() + newlyFailed), now);
    }

    /** A header created after some of its results: their per-PoP counts are taken from the task store once. */
    private JobHeader withEarlyResults(JobHeader h) {
        List<WarmResult> early = new ArrayList<>();
        try (KeyValueIterator<String, WarmResult> it = tasks.prefixScan(TaskId.jobStorePrefix(h.requestID()), KEYS)) {
            it.forEachRemaining(kv -> {
                if (h.targets().includes(kv.value.pop(), kv.value.acceptEncoding())) {
                    early.add(kv.value);
                }
            });
        }
        return h.counting(early);
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
        put(h);
        return event;
    }

    private JobHeader header(String requestID) {
        JobHeader h = live.get(requestID);
        if (h == null) {
            h = headers.get(requestID);
            if (h != null) {
                live.put(requestID, h);
            }
        }
        return h;
    }

    private void put(JobHeader h) {
        headers.put(h.requestID(), h);
        if (h.finished()) {
            live.remove(h.requestID());
        } else {
            live.put(h.requestID(), h);
        }
    }

    /**
     * The periodic sweep: announces TIMEOUT for unfinished jobs past their deadline, and deletes
     * jobs that ended more than {@code retentionMs} ago, at most {@code deleteBudget} entries per
     * sweep so one huge job never makes one huge transaction.
     */
    List<JobStatusEvent> sweep(long now, long retentionMs, int deleteBudget) {
        List<JobHeader> all = new ArrayList<>();
        try (KeyValueIterator<String, JobHeader> it = headers.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        List<JobStatusEvent> events = new ArrayList<>();
        int budget = deleteBudget;
        for (JobHeader h : all) {
            if (h.announced() == null && !h.finished() && now > h.deadline()) {
                put(h.announcing(JobStatus.TIMEOUT));
                events.add(h.event(JobStatus.TIMEOUT, now));
            } else if (h.announced() != null && budget > 0 && now > ended(h) + retentionMs) {
                budget -= delete(h.requestID(), budget);
            }
        }
        return events;
    }

    private static long ended(JobHeader h) {
        return h.finished() ? Math.max(h.finishedAt(), h.createdAt()) : h.deadline();
    }

    /** Deletes up to {@code budget} of the job's entries, the header last; returns how many. */
    private int delete(String requestID, int budget) {
        int deleted = 0;
        for (KeyValueStore<String, ?> store : List.of(failures, tasks, urls)) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, ?> it = store.prefixScan(TaskId.jobStorePrefix(requestID), KEYS)) {
                while (it.hasNext() && deleted + keys.size() < budget) {
                    keys.add(it.next().key);
                }
            }
            keys.forEach(store::delete);
            deleted += keys.size();
            if (deleted >= budget) {
                return deleted;
            }
        }
        headers.delete(requestID);
        live.remove(requestID);
        return deleted + 1;
    }
}
