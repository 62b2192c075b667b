package io.prewarm.status.fold;

import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;

/**
 * The status store's four key-value stores, each a name with its value type, shared by the fold
 * that writes them and the queries that read them, so the two sides cannot name or type a store
 * differently. Keys are made by {@link TaskId}: one job's entries form one prefix-scannable range.
 */
public final class StatusStores {
    /** A store's name and the type of its values (keys are strings). */
    public record Store<V>(String name, Class<V> valueType) {
    }

    /** requestID: the job's counters. */
    public static final Store<JobHeader> HEADERS = new Store<>("job-headers", JobHeader.class);
    /** {@link TaskId#urlStoreKey}: one URL of a job. */
    public static final Store<UrlState> URLS = new Store<>("job-urls", UrlState.class);
    /** {@link TaskId#storeKey()}: the first result of each task. */
    public static final Store<WarmResult> TASKS = new Store<>("job-tasks", WarmResult.class);
    /** {@link TaskId#storeKey()}: the failed tasks only, so the failures of a big job are one short scan. */
    public static final Store<WarmResult> FAILURES = new Store<>("job-failures", WarmResult.class);

    private StatusStores() {
    }
}
