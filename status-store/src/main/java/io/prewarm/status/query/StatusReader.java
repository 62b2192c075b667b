package io.prewarm.status.query;

import io.prewarm.contract.Cacheability;
import io.prewarm.contract.Targets;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.fold.DocumentState;
import io.prewarm.status.fold.ExpansionTally;
import io.prewarm.status.fold.JobHeader;
import io.prewarm.status.fold.PopTallies;
import io.prewarm.status.fold.StatusStores;
import io.prewarm.status.fold.TaskOutcome;
import io.prewarm.status.fold.UrlOutcomeReader;
import io.prewarm.status.fold.UrlState;
import io.prewarm.webhooks.DeliveryState;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The read side of the status store, over one partition's stores: counts from the header (one
 * lookup, whatever the job's size), URL lists from a range scan of the job's per-URL entries
 * (optionally one page after a cursor), failures from their own scan, and the CSV report from the
 * per-URL entries with each URL's outcome entry (one lookup per URL); the webhook's delivery, for a
 * job with a callback_url, from its one entry; the uncacheable URLs from their own short scan (at
 * most {@value StatusStores#UNCACHEABLE_LISTED} entries, read only when the header counts some); an expanded
 * job's failed documents from a scan of its documents, made only when the header counts some failed.
 */
public final class StatusReader {
    public static final int MAX_FAILURES_SHOWN = 1_000;
    private static final StringSerializer KEYS = new StringSerializer();

    private final ReadOnlyKeyValueStore<String, JobHeader> headers;
    private final ReadOnlyKeyValueStore<String, UrlState> urls;
    private final UrlOutcomeReader outcomes;
    private final ReadOnlyKeyValueStore<String, WarmResult> failures;
    private final ReadOnlyKeyValueStore<String, DeliveryState> webhooks;
    private final ReadOnlyKeyValueStore<String, Cacheability.Uncacheable> uncacheable;
    private final ReadOnlyKeyValueStore<String, DocumentState> documents;

    public StatusReader(ReadOnlyKeyValueStore<String, JobHeader> headers, ReadOnlyKeyValueStore<String, UrlState> urls,
                        UrlOutcomeReader outcomes, ReadOnlyKeyValueStore<String, WarmResult> failures,
                        ReadOnlyKeyValueStore<String, DeliveryState> webhooks, ReadOnlyKeyValueStore<String, Cacheability.Uncacheable> uncacheable,
                        ReadOnlyKeyValueStore<String, DocumentState> documents) {
        this.documents = documents;
        this.headers = headers;
        this.urls = urls;
        this.outcomes = outcomes;
        this.failures = failures;
        this.webhooks = webhooks;
        this.uncacheable = uncacheable;
    }

    /** A page of the URL lists: up to {@code limit} URLs after {@code cursor} (both optional). */
    public record Page(Optional<String> cursor, int limit) {
        public static final Page ALL = new Page(Optional.empty(), Integer.MAX_VALUE);
    }

    public Optional<JobHeader> header(String requestID) {
        return Optional.ofNullable(headers.get(requestID));
    }

    public StatusView view(JobHeader h, long now, boolean showSuccessUrls, Page page) {
        List<String> failed = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        List<String> succeeded = new ArrayList<>();
        String id = h.requestID();
        String from = page.cursor().map(c -> TaskId.urlStoreKey(id, c) + TaskId.STORE_SEP).orElse(TaskId.jobStorePrefix(id));
        String last = null;
        boolean more = false;
        int seen = 0;
        try (KeyValueIterator<String, UrlState> it = urls.range(from, TaskId.jobStoreEnd(id))) {
            while (it.hasNext()) {
                KeyValue<String, UrlState> kv = it.next();
                if (!kv.value.registered()) {
                    continue;
                }
                if (seen == page.limit()) {
                    more = true;
                    break;
                }
                String url = TaskId.urlOfStoreKey(kv.key);
                (!h.complete(kv.value) ? unfinished : kv.value.failedVerdict() ? failed : succeeded).add(url);
                last = url;
                seen++;
            }
        }
        return new StatusView(h.status(now), h.shownTotal(), h.completed(), h.shownTotal() - h.completed(), failed, unfinished,
                showSuccessUrls ? succeeded : null, h.error(), more ? last : null, null);
    }

    public StatusDetail detail(JobHeader h) {
        List<StatusDetail.PopCounts> pops = new ArrayList<>();
        long[] sum = new long[5];
        for (String pop : h.targets().pops()) {
            PopTallies.Tally c = h.perPop().of(pop);
            long atPop = h.tasksAt(pop);
            pops.add(new StatusDetail.PopCounts(pop, atPop, c.succeeded(), c.failed(), Math.max(0, atPop - c.succeeded() - c.failed()),
                    c.verified(), c.notCached()));
            long[] add = {atPop, c.succeeded(), c.failed(), c.verified(), c.notCached()};
            for (int i = 0; i < sum.length; i++) {
                sum[i] += add[i];
            }
        }
        StatusDetail.Counts tasks = new StatusDetail.Counts(sum[0], sum[1], sum[2], Math.max(0, sum[0] - sum[1] - sum[2]), sum[3], sum[4]);
        List<StatusDetail.Failure> shown = new ArrayList<>();
        boolean truncated = failuresShown(h, shown);
        List<StatusDetail.Uncacheable> uncacheableShown = uncacheable(h);
        int uncacheableCount = h.uncacheableUrls();
        return new StatusDetail(tasks, pops, shown, truncated ? Boolean.TRUE : null, uncacheableShown,
                uncacheableCount > 0 ? uncacheableCount : null, uncacheableCount > uncacheableShown.size() ? Boolean.TRUE : null, backoff(h),
                h.retryOf(), h.cancelledAt() > 0 ? h.cancelledAt() : null, webhook(h), expansion(h));
    }

    /** The job's documents from its header, with the first failed ones (their own scan, made only when some failed); null for a plain job. */
    private StatusDetail.Expansion expansion(JobHeader h) {
        ExpansionTally t = h.expansion();
        if (t == null) {
            return null;
        }
        List<StatusDetail.DocumentFailure> failed = new ArrayList<>();
        boolean more = false;
        if (t.failed() > 0) {
            try (KeyValueIterator<String, DocumentState> it = documents.prefixScan(TaskId.jobStorePrefix(h.requestID()), KEYS)) {
                while (it.hasNext() && !more) {
                    KeyValue<String, DocumentState> kv = it.next();
                    if (kv.value.failed()) {
                        more = failed.size() == MAX_FAILURES_SHOWN;
                        if (!more) {
                            failed.add(new StatusDetail.DocumentFailure(TaskId.urlOfStoreKey(kv.key), kv.value.error()));
                        }
                    }
                }
            }
        }
        return new StatusDetail.Expansion(t.documents(), t.read(), t.failed(), t.pending(), t.partsPending(), t.urlsFound(), t.skippedOtherHosts(),
                t.truncated(), failed, more ? Boolean.TRUE : null);
    }

    /** Adds the job's first {@value #MAX_FAILURES_SHOWN} failed tasks to {@code shown}; returns whether there are more. */
    private boolean failuresShown(JobHeader h, List<StatusDetail.Failure> shown) {
        try (KeyValueIterator<String, WarmResult> it = failures.prefixScan(TaskId.jobStorePrefix(h.requestID()), KEYS)) {
            while (it.hasNext()) {
                WarmResult r = it.next().value;
                if (shown.size() == MAX_FAILURES_SHOWN) {
                    return true;
                }
                shown.add(new StatusDetail.Failure(r.url(), r.pop(), r.acceptEncoding(), r.httpStatus(), r.error(), r.attempts(), r.xCache(),
                        r.cfPop(), r.age(), r.verification(), r.verify()));
            }
        }
        return false;
    }

    /** The uncacheable URLs the job lists (at most {@value StatusStores#UNCACHEABLE_LISTED}), in URL order; none when it has none. */
    private List<StatusDetail.Uncacheable> uncacheable(JobHeader h) {
        List<StatusDetail.Uncacheable> listed = new ArrayList<>();
        if (h.uncacheableUrls() == 0) {
            return listed;
        }
        try (KeyValueIterator<String, Cacheability.Uncacheable> it = uncacheable.prefixScan(TaskId.jobStorePrefix(h.requestID()), KEYS)) {
            it.forEachRemaining(kv -> listed.add(new StatusDetail.Uncacheable(TaskId.urlOfStoreKey(kv.key), kv.value.header(), kv.value.value())));
        }
        return listed;
    }

    private static List<StatusDetail.Backoff> backoff(JobHeader h) {
        return h.backedOff().stream().map(w -> new StatusDetail.Backoff(w.pop(), w.reason(), w.since(), w.retryAt(), w.warmer())).toList();
    }

    /** The job's callback delivery without its body, once the job has one. */
    private DeliveryState webhook(JobHeader h) {
        return h.callbackUrl() == null ? null
                : Optional.ofNullable(webhooks.get(StatusStores.webhookKey(h.requestID()))).map(DeliveryState::withoutBody).orElse(null);
    }

    /** Every failed task of the job (its first result), in store order: URL, then PoP and variant. */
    public void failures(JobHeader h, Consumer<WarmResult> each) {
        try (KeyValueIterator<String, WarmResult> it = failures.prefixScan(TaskId.jobStorePrefix(h.requestID()), KEYS)) {
            it.forEachRemaining(kv -> each.accept(kv.value));
        }
    }

    /** Every task of the job (URL x PoP x variant) with its outcome or PENDING, streamed to {@code out}. */
    public void report(JobHeader h, Writer out) throws IOException {
        out.write(ReportCsv.HEADER);
        out.write("\r\n");
        Targets targets = h.targets();
        TaskOrder order = new TaskOrder(h);
        try (KeyValueIterator<String, UrlState> it = urls.prefixScan(TaskId.jobStorePrefix(h.requestID()), KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, UrlState> kv = it.next();
                if (!kv.value.registered()) {
                    continue;
                }
                String url = TaskId.urlOfStoreKey(kv.key);
                TaskOutcome[] byTask = order.place(outcomes.of(kv.key, kv.value));
                boolean[] own = order.own(kv.value);
                for (int i = 0; i < byTask.length; i++) {
                    if (own == null || own[i]) {
                        ReportCsv.row(out, targets.task(h.requestID(), url, i), byTask[i]);
                    }
                }
            }
        }
    }
}
