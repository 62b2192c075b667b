package io.prewarm.status;

import io.prewarm.contract.WarmResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The read side of the status store, over one partition's stores: counts from the header (one
 * lookup, whatever the job's size), URL lists from a range scan of the job's per-URL entries
 * (optionally one page after a cursor), failures and the CSV report from their own scans.
 */
public final class StatusReader {
    public static final int MAX_FAILURES_SHOWN = 1_000;
    private static final StringSerializer KEYS = new StringSerializer();

    private final ReadOnlyKeyValueStore<String, JobHeader> headers;
    private final ReadOnlyKeyValueStore<String, UrlState> urls;
    private final ReadOnlyKeyValueStore<String, WarmResult> tasks;
    private final ReadOnlyKeyValueStore<String, WarmResult> failures;

    public StatusReader(ReadOnlyKeyValueStore<String, JobHeader> headers, ReadOnlyKeyValueStore<String, UrlState> urls,
                        ReadOnlyKeyValueStore<String, WarmResult> tasks, ReadOnlyKeyValueStore<String, WarmResult> failures) {
        this.headers = headers;
        this.urls = urls;
        this.tasks = tasks;
        this.failures = failures;
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
        String from = page.cursor().map(c -> StatusKeys.url(id, c) + StatusKeys.SEP).orElse(StatusKeys.jobPrefix(id));
        String last = null;
        boolean more = false;
        int seen = 0;
        try (KeyValueIterator<String, UrlState> it = urls.range(from, id + (char) (StatusKeys.SEP + 1))) {
            while (it.hasNext()) {
                KeyValue<String, UrlState> kv = it.next();
                if (!kv.value.registered()) {
                    continue;
                }
                if (seen == page.limit()) {
                    more = true;
                    break;
                }
                String url = StatusKeys.urlOf(kv.key);
                (!kv.value.complete(h.tasksPerUrl()) ? unfinished : kv.value.failed() > 0 ? failed : succeeded).add(url);
                last = url;
                seen++;
            }
        }
        return new StatusView(h.status(now), h.total(), h.completed(), h.total() - h.completed(), failed, unfinished,
                showSuccessUrls ? succeeded : null, h.error(), more ? last : null, null);
    }

    public StatusDetail detail(JobHeader h) {
        long perPopTotal = (long) h.total() * h.encodings().size();
        List<StatusDetail.PopCounts> pops = new ArrayList<>();
        long succeeded = 0;
        long failedTasks = 0;
        for (String pop : h.pops()) {
            int[] c = h.perPop().getOrDefault(pop, new int[2]);
            pops.add(new StatusDetail.PopCounts(pop, perPopTotal, c[0], c[1], Math.max(0, perPopTotal - c[0] - c[1])));
            succeeded += c[0];
            failedTasks += c[1];
        }
        List<StatusDetail.Failure> shown = new ArrayList<>();
        boolean truncated = false;
        try (KeyValueIterator<String, WarmResult> it = failures.prefixScan(StatusKeys.jobPrefix(h.requestID()), KEYS)) {
            while (it.hasNext() && !truncated) {
                WarmResult r = it.next().value;
                if (shown.size() == MAX_FAILURES_SHOWN) {
                    truncated = true;
                } else {
                    shown.add(new StatusDetail.Failure(r.url(), r.pop(), r.acceptEncoding(), r.httpStatus(), r.error(), r.attempts(), r.xCache(), r.cfPop()));
                }
            }
        }
        long total = perPopTotal * h.pops().size();
        return new StatusDetail(new StatusDetail.Counts(total, succeeded, failedTasks, Math.max(0, total - succeeded - failedTasks)),
                pops, shown, truncated ? Boolean.TRUE : null);
    }

    /** Every task of the job (URL x PoP x variant) with its outcome or PENDING, streamed to {@code out}. */
    public void report(JobHeader h, Writer out) throws IOException {
        out.write(ReportCsv.HEADER);
        out.write("\r\n");
        try (KeyValueIterator<String, UrlState> it = urls.prefixScan(StatusKeys.jobPrefix(h.requestID()), KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, UrlState> kv = it.next();
                if (!kv.value.registered()) {
                    continue;
                }
                String url = StatusKeys.urlOf(kv.key);
                for (String pop : h.pops()) {
                    for (String encoding : h.encodings()) {
                        ReportCsv.row(out, url, pop, encoding, tasks.get(StatusKeys.task(h.requestID(), url, pop, encoding)));
                    }
                }
            }
        }
    }
}
