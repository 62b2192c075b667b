package io.prewarm.status.fold;

import io.prewarm.contract.Cacheability;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import io.prewarm.webhooks.DeliveryState;
import java.util.List;

/**
 * The status store's key-value stores, each a name with its value type, shared by the fold that
 * writes them and the queries that read them, so the two sides cannot name or type a store
 * differently. Keys are made by {@link TaskId}: one job's entries form one prefix-scannable range.
 * Values are written in the compact format ({@code CompactSerde}), and the JSON of earlier
 * versions still reads.
 */
public final class StatusStores {
    /** A store's name and the type of its values (keys are strings). */
    public record Store<V>(String name, Class<V> valueType) {
    }

    /** requestID: the job's counters. */
    public static final Store<JobHeader> HEADERS = new Store<>("job-headers", JobHeader.class);
    /** {@link TaskId#urlStoreKey}: one URL of a job, its counters only (status pages read one per URL listed). */
    public static final Store<UrlState> URLS = new Store<>("job-urls", UrlState.class);
    /** {@link TaskId#urlStoreKey}: the outcomes of one URL's tasks, one entry per URL. */
    public static final Store<UrlOutcomes> OUTCOMES = new Store<>("job-outcomes", UrlOutcomes.class);
    /** {@link TaskId#storeKey()}: the failed tasks only, so the failures of a big job are one short scan. */
    public static final Store<WarmResult> FAILURES = new Store<>("job-failures", WarmResult.class);
    /**
     * {@link TaskId#storeKey()}: the first result of each task, as the version before kept them. No
     * longer written: read for jobs counted before the upgrade (see {@link UrlOutcomeReader}) and
     * deleted with them by retention.
     */
    public static final Store<WarmResult> LEGACY_TASKS = new Store<>("job-tasks", WarmResult.class);

    /**
     * {@link TaskId#urlStoreKey}: for the first {@value #UNCACHEABLE_LISTED} URLs of a job that had a failed
     * task whose answer forbade caching, the header that said so (the first such task's). The job's
     * header counts them all ({@link JobHeader#uncacheableUrls}), so a cut list says it is cut.
     */
    public static final Store<Cacheability.Uncacheable> UNCACHEABLE = new Store<>("job-uncacheable", Cacheability.Uncacheable.class);
    /** How many uncacheable URLs a job lists at most: enough to see the pattern, bounded whatever the job's size. */
    public static final int UNCACHEABLE_LISTED = 1_000;

    /** {@link #webhookKey}: the delivery of the job's final status to its callback_url, for those that have one. */
    public static final Store<DeliveryState> WEBHOOKS = new Store<>("job-webhooks", DeliveryState.class);

    /** {@link TaskId#urlStoreKey} of the document's URL: each document of an expanded job, named, read or failed (issue 16). */
    public static final Store<DocumentState> DOCUMENTS = new Store<>("job-documents", DocumentState.class);

    /** Every store, as the topology registers them. */
    public static final List<Store<?>> ALL = List.of(HEADERS, URLS, OUTCOMES, FAILURES, LEGACY_TASKS, WEBHOOKS, UNCACHEABLE, DOCUMENTS);

    /** The key of a job's entry in {@link #WEBHOOKS}: under the job's prefix, so retention deletes it with the job. */
    public static String webhookKey(String requestID) {
        return TaskId.jobStorePrefix(requestID);
    }

    private StatusStores() {
    }
}
