package io.prewarm.status.query;

import io.prewarm.contract.Targets;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
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
 * job with a callback_url, from its one entry.
 */
public final class StatusReader {
    public static final int MAX_FAILURES_SHOWN = 1_000;
    private static final StringSerializer KEYS = new StringSerializer();

    private final ReadOnlyKeyValueStore<String, JobHeader> headers;
    private final ReadOnlyKeyValueStore<String, UrlState> urls;
    private final UrlOutcomeReader outcomes;
    private final ReadOnlyKeyValueStore<String, WarmResult> failures;
    private final ReadOnlyKeyValueStore<String, DeliveryState> webhooks;

    public StatusReader(ReadOnlyKeyValueStore<String, JobHeader> headers, ReadOnlyKeyValueStore<String, UrlState> urls,
                        UrlOutcomeReader outcomes, ReadOnlyKeyValueStore<String, WarmResult> failures,
                        ReadOnlyKeyValueStore<String, DeliveryState> webhooks) {
        this.headers = headers;
        this.urls = urls;
        this.outcomes = outcomes;
        this.failures = failures;
        this.webhooks = webhooks;
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
                (!h.complete(kv.value) ? unfinished : kv.value.failed() > 0 ? failed : succeeded).add(url);
                last = url;
                seen++;
            }
        }
        return new StatusView(h.status(now), h.shownTotal(), h.completed(), h.shownTotal() - h.completed(), failed, unfinished,
                showSuccessUrls ? succeeded : null, h.error(), more ? last : null, null);
    }

    public StatusDetail detail(JobHeader h) {
        List<StatusDetail.PopCounts> pops = new ArrayList<>();
        long total = 0;
        long succeeded = 0;
        long failedTasks = 0;
        for (String pop : h.targets().pops()) {
            PopTallies.Tally c = h.perPop().of(pop);
            long atPop = h.tasksAt(pop);
            pops.add(new StatusDetail.PopCounts(pop, atPop, c.succeeded(), c.failed(), Math.max(0, atPop - c.succeeded() - c.failed())));
            total += atPop;
            succeeded += c.succeeded();
            failedTasks += c.failed();
        }
        List<StatusDetail.Failure> shown = new ArrayList<>();
        boolean truncated = false;
        try (KeyValueIterator<String, WarmResult> it = failures.prefixScan(TaskId.jobStorePrefix(h.requestID()), KEYS)) {
            while (it.hasNext() && !truncated) {
                WarmResult r = it.next().value;
                if (shown.size() == MAX_FAILURES_SHOWN) {
                    truncated = true;
                } else {
                    shown.add(new StatusDetail.Failure(r.url(), r.pop(), r.acceptEncoding(), r.httpStatus(), r.error(), r.attempts(), r.xCache(), r.cfPop()));
                }
            }
        }
        return new StatusDetail(new StatusDetail.Counts(total, succeeded, failedTasks, Math.max(0, total - succeeded - failedTasks)),
                pops, shown, truncated ? Boolean.TRUE : null, h.retryOf(), h.cancelledAt() > 0 ? h.cancelledAt() : null, webhook(h));
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
