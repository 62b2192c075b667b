package io.prewarm.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One chunk of an accepted (or rejected) request, as the status store needs it: the chunk's
 * distinct URLs, the PoPs and Accept-Encoding variants every URL of the chunk is warmed in, the
 * deadline, and which of how many chunks this is. A request of any size arrives as chunks of bounded
 * size, so no record grows with the request. A rejected request (from a direct producer) becomes a
 * chunk with an {@code error} and no URLs, so its status can say FAILED and why.
 *
 * <p>Three more kinds of record share the topic, all keyed by requestID: the registration chunks
 * ingest writes in the same transaction as the request itself (the same values the expander writes
 * later, so a job is known the moment {@code POST /prewarm} answers; the status store counts each
 * chunk once), and a cancel ({@link #cancel}: no URLs, {@code cancelledAt} set).
 *
 * @param settings    the request's settings without its URLs ({@link PrewarmRequest#settings()}): cf_domain,
 *                    protocol, headers, timeout, callback_url, retry_of; what a retry reuses. Null in records
 *                    of earlier versions, rejected chunks and cancels.
 * @param cancelledAt when somebody cancelled the job (a cancel record), else 0
 * @param requestUrls the distinct URLs of the whole request, all chunks together, on the registrations
 *                    {@link JobPublisher} writes (so the status store shows the job's whole {@code total}
 *                    from the first chunk it folds); 0 where unknown (the expander's chunks, direct producers)
 * @param documents   the chunk's URLs that are documents to read, with the kind to read each as (issue 16); empty otherwise
 * @param part        the part id ({@link Expansion.Part#id}) when this chunk is a part of a document of the job, else null
 * @param truncated   why the expander cut this part short ({@code expansion: truncated at 100000 URLs}), else null
 */
public record Job(String requestID, List<String> urls, List<String> pops, List<String> encodings, long createdAt, long deadline,
                  String error, int chunkIndex, int chunkCount, PrewarmRequest settings, long cancelledAt, int requestUrls,
                  @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> documents, String part, String truncated) {

    public Job {
        documents = documents == null ? Map.of() : documents;
        urls = urls == null ? List.of() : urls;
        pops = pops == null ? List.of() : pops;
        encodings = encodings == null || encodings.isEmpty() ? List.of(Task.DEFAULT_ACCEPT_ENCODING) : encodings;
        chunkCount = Math.max(chunkCount, 1);
    }

    /** A chunk of the versions before expansion: no documents, not a part. */
    public Job(String requestID, List<String> urls, List<String> pops, List<String> encodings, long createdAt, long deadline,
               String error, int chunkIndex, int chunkCount, PrewarmRequest settings, long cancelledAt, int requestUrls) {
        this(requestID, urls, pops, encodings, createdAt, deadline, error, chunkIndex, chunkCount, settings, cancelledAt, requestUrls, Map.of(),
                null, null);
    }

    public Job(String requestID, List<String> urls, List<String> pops, List<String> encodings, long createdAt, long deadline,
               String error, int chunkIndex, int chunkCount, PrewarmRequest settings, long cancelledAt) {
        this(requestID, urls, pops, encodings, createdAt, deadline, error, chunkIndex, chunkCount, settings, cancelledAt, 0);
    }

    public Job(String requestID, List<String> urls, List<String> pops, List<String> encodings, long createdAt, long deadline,
               String error, int chunkIndex, int chunkCount) {
        this(requestID, urls, pops, encodings, createdAt, deadline, error, chunkIndex, chunkCount, null, 0);
    }

    /** A whole request in one chunk. */
    public Job(String requestID, List<String> urls, List<String> pops, List<String> encodings, long createdAt, long deadline, String error) {
        this(requestID, urls, pops, encodings, createdAt, deadline, error, 0, 1);
    }

    /**
     * The chunk a validated request (or request chunk) stands for, created at {@code createdAt}; its
     * deadline is the request's {@code timeout_minutes} or else {@code defaultTimeout} later. Ingest
     * (registration) and the expander make chunks only so.
     */
    public static Job of(String requestID, PrewarmRequest r, long createdAt, Duration defaultTimeout) {
        long timeout = r.timeoutMinutes() == null ? defaultTimeout.toMillis() : Duration.ofMinutes(r.timeoutMinutes()).toMillis();
        long deadline = r.part() != null ? r.part().deadline() : createdAt + timeout;
        return new Job(requestID, r.urlList(), r.pops(), r.encodings(), createdAt, deadline, null, r.chunkIndexOrZero(),
                r.chunkCountOrOne(), r.settings(), 0, 0, r.documents(), r.part() == null ? null : r.part().id(), null);
    }

    /** This chunk as a registration of a request of {@code urls} distinct URLs in all. */
    public Job registering(int urls) {
        return new Job(requestID, this.urls, pops, encodings, createdAt, deadline, error, chunkIndex, chunkCount, settings, cancelledAt, urls,
                documents, part, truncated);
    }

    /**
     * This part cut to its first {@code keep} URLs, as the job's {@code expand_limit} allows, saying so in
     * {@code why}; documents cut away are not read.
     */
    public Job truncatedTo(int keep, String why) {
        return keeping(urls.subList(0, Math.min(keep, urls.size())), why);
    }

    /** This part with only {@code kept} of its URLs (those the job did not hold yet, say), in their order; documents not kept are not read. */
    public Job keeping(List<String> kept) {
        return keeping(kept, truncated);
    }

    private Job keeping(List<String> kept, String why) {
        Map<String, String> docs = new java.util.LinkedHashMap<>(documents);
        docs.keySet().retainAll(new java.util.HashSet<>(kept));
        return new Job(requestID, List.copyOf(kept), pops, encodings, createdAt, deadline, error, chunkIndex, chunkCount, settings, cancelledAt,
                requestUrls, docs, part, why);
    }

    /** Whether this chunk is a part of a document of the job ({@link Expansion.Part}), not one of the request's own chunks. */
    @JsonIgnore
    public boolean isPart() {
        return part != null;
    }

    public static Job rejected(String requestID, long createdAt, String error) {
        return new Job(requestID, List.of(), List.of(), null, createdAt, createdAt, error, 0, 1);
    }

    /** The record that cancels job {@code requestID}, asked for at {@code at}. */
    public static Job cancel(String requestID, long at) {
        return new Job(requestID, List.of(), List.of(), null, at, at, null, 0, 1, null, at);
    }

    public boolean isRejected() {
        return error != null;
    }

    public boolean isCancel() {
        return cancelledAt > 0;
    }

    /** Where the final status is POSTed (webhook), or null. */
    public String callbackUrl() {
        return settings == null ? null : settings.callbackUrl();
    }

    /** The job whose failed tasks this job retries, or null. */
    public String retryOf() {
        return settings == null ? null : settings.retryOf();
    }

    public Targets targets() {
        return new Targets(pops, encodings);
    }
}
