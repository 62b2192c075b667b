package io.prewarm.status.fold;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Job;
import io.prewarm.contract.TaskId;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The documents of expanded jobs (issue 16, docs/expansion.md), in {@code job-documents} keyed by
 * requestID + document URL: a chunk names documents, a part of a document is registered once by its
 * index, a document result says the document was read (with how many parts) or failed. Each change
 * moves the job's {@link ExpansionTally} by that one document's difference, so the tally stays exact
 * however the three arrive and however often. A document that could not be read fails its URL's
 * verdict ({@link UrlState#documentFailed}). The URLs a part brings are counted by {@link JobLedger}.
 */
final class DocumentLedger {
    private final KeyValueStore<String, DocumentState> documents;
    private final KeyValueStore<String, UrlState> urls;

    DocumentLedger(KeyValueStore<String, DocumentState> documents, KeyValueStore<String, UrlState> urls) {
        this.documents = documents;
        this.urls = urls;
    }

    /** Whether the part was registered before. */
    boolean seen(String requestID, Expansion.PartId part) {
        DocumentState d = documents.get(TaskId.urlStoreKey(requestID, part.document()));
        return d != null && d.seen().contains(part.index());
    }

    /** {@code h} with {@code part} of its document registered. */
    JobHeader withPart(JobHeader h, Expansion.PartId part) {
        String key = TaskId.urlStoreKey(h.requestID(), part.document());
        DocumentState before = documents.get(key);
        DocumentState after = (before == null ? DocumentState.NEW : before).withPart(part.index());
        return after == before ? h : changed(h, key, before, after);
    }

    /** {@code h} with the documents {@code chunk} names (those not named before) to be read, and the cut it says. */
    JobHeader expecting(JobHeader h, Job chunk) {
        JobHeader next = h;
        for (Map.Entry<String, String> d : chunk.documents().entrySet()) {
            String key = TaskId.urlStoreKey(h.requestID(), d.getKey());
            if (documents.get(key) == null) {
                next = changed(next, key, null, DocumentState.named(d.getValue()));
            }
        }
        return chunk.truncated() == null ? next : next.withExpansion(tally(next).cutBy(chunk.truncated()));
    }

    /**
     * {@code h} (null before the job's header exists) with document result {@code d}, unless its document
     * has one already; a document that failed fails its URL too, with the reason kept by the document.
     */
    JobHeader recording(String requestID, JobHeader h, Expansion.DocumentResult d) {
        Optional<KeyValue<DocumentState, DocumentState>> change = read(requestID, d);
        if (change.isEmpty()) {
            return h;
        }
        JobHeader next = h == null ? null : h.withExpansion(tally(h).with(change.get().key, change.get().value));
        return d.failed() ? failingUrl(TaskId.urlStoreKey(requestID, d.url()), next) : next;
    }

    /** {@code h} with the URL under {@code urlKey} failed as a document that could not be read; counted failed if it had its verdict. */
    private JobHeader failingUrl(String urlKey, JobHeader h) {
        UrlState was = Optional.ofNullable(urls.get(urlKey)).orElse(UrlState.NEW);
        if (was.documentFailed()) {
            return h;
        }
        urls.put(urlKey, was.markedDocumentFailed());
        boolean turnsFailed = h != null && was.registered() && h.complete(was) && !was.failedVerdict();
        return turnsFailed ? h.withUrlCounts(h.total(), h.completed(), h.failed() + 1) : h;
    }

    /**
     * Records document result {@code d} of job {@code requestID}, unless its document has one already;
     * returns the document as it was and is now, or empty when nothing changed. Before the job's header
     * exists its tally is summed when it comes ({@link #tallyOf}).
     */
    private Optional<KeyValue<DocumentState, DocumentState>> read(String requestID, Expansion.DocumentResult d) {
        String key = TaskId.urlStoreKey(requestID, d.url());
        DocumentState before = documents.get(key);
        if (before != null && before.resulted()) {
            return Optional.empty();
        }
        DocumentState after = (before == null ? DocumentState.NEW : before).reading(d);
        documents.put(key, after);
        return Optional.of(KeyValue.pair(before, after));
    }

    /** The tally of every document of job {@code requestID} the store holds: for a header created after some of them. */
    ExpansionTally tallyOf(String requestID) {
        ExpansionTally t = null;
        try (KeyValueIterator<String, DocumentState> it = documents.range(TaskId.jobStorePrefix(requestID), TaskId.jobStoreEnd(requestID))) {
            while (it.hasNext()) {
                t = (t == null ? ExpansionTally.NONE : t).with(null, it.next().value);
            }
        }
        return t;
    }

    private JobHeader changed(JobHeader h, String key, DocumentState before, DocumentState after) {
        documents.put(key, after);
        return h.withExpansion(tally(h).with(before, after));
    }

    static ExpansionTally tally(JobHeader h) {
        return h.expansion() == null ? ExpansionTally.NONE : h.expansion();
    }
}
