package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prewarm.contract.Cacheability;
import io.prewarm.contract.CompactSerde;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.Task;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.query.StatusReader;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store calls the fold makes, counted on in-memory stores (the changelog counts in
 * {@link ResultBatchFoldTest} cannot tell one write per URL from many, the store cache folds them):
 * one read and one write of each URL of a batch and one header write per batch, and no look at the
 * previous version's task store for a job begun on this one.
 */
class JobLedgerTest {
    private static final String ID = "req-1";
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3", "FRA56-C1", "NRT57-C2");
    private static final List<String> URLS = List.of("https://a.example/1", "https://a.example/2", "https://a.example/3");
    private static final Job JOB = new Job(ID, URLS, POPS, null, 0, 1_000_000, null);
    private static final Set<String> READS = Set.of("get", "range", "prefixScan", "all");

    private final MockProcessorContext<String, JobStatusEvent> context = new MockProcessorContext<>();
    /** store name -> method name -> calls */
    private final Map<String, Map<String, Integer>> calls = new HashMap<>();
    private KeyValueStore<String, UrlState> urls;
    private KeyValueStore<String, UrlOutcomes> outcomes;
    private KeyValueStore<String, WarmResult> legacy;
    private KeyValueStore<String, WarmResult> failures;
    private KeyValueStore<String, JobHeader> headers;
    private KeyValueStore<String, Cacheability.Uncacheable> uncacheable;
    private JobLedger ledger;

    @BeforeEach
    void setUp() {
        headers = counted(StatusStores.HEADERS);
        urls = counted(StatusStores.URLS);
        outcomes = counted(StatusStores.OUTCOMES);
        legacy = counted(StatusStores.LEGACY_TASKS);
        failures = counted(StatusStores.FAILURES);
        uncacheable = counted(StatusStores.UNCACHEABLE);
        ledger = new JobLedger(new HeaderCache(headers), urls, outcomes, new UrlOutcomeReader(outcomes, legacy), failures, uncacheable,
                counted(StatusStores.DOCUMENTS));
    }

    @SuppressWarnings("unchecked")
    private <V> KeyValueStore<String, V> counted(StatusStores.Store<V> store) {
        KeyValueStore<String, V> real = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store.name()), Serdes.String(),
                CompactSerde.of(store.valueType())).withLoggingDisabled().build();
        real.init(context.getStateStoreContext(), real);
        Map<String, Integer> byMethod = calls.computeIfAbsent(store.name(), n -> new HashMap<>());
        return (KeyValueStore<String, V>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyValueStore.class}, (p, m, args) -> {
            byMethod.merge(m.getName(), 1, Integer::sum);
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private int calls(StatusStores.Store<?> store, String method) {
        return calls.get(store.name()).getOrDefault(method, 0);
    }

    private int reads(StatusStores.Store<?> store) {
        return calls.get(store.name()).entrySet().stream().filter(e -> READS.contains(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }

    private void resetCounts() {
        calls.values().forEach(Map::clear);
    }

    private static WarmResult result(String url, String pop, Outcome outcome) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, outcome, 200, null, null, 1, 1, 1, outcome == Outcome.FAILURE ? "HTTP 500" : null, 1);
    }

    /** Every task of {@code urls} once, then each again: a batch that holds every task twice. */
    private static ResultBatch everyTaskTwice(List<String> urls) {
        List<WarmResult> results = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (String pop : POPS) {
                urls.forEach(u -> results.add(result(u, pop, Outcome.SUCCESS)));
            }
        }
        return new ResultBatch(ID, results);
    }

    @Test
    void aBatchReadsAndWritesEachOfItsUrlsOnceAndTheHeaderOnce() {
        ledger.register(JOB, 0);
        resetCounts();

        ledger.record(everyTaskTwice(URLS.subList(0, 2)), 0);

        assertEquals(2, calls(StatusStores.OUTCOMES, "put"), "one outcome entry write per URL, not per task");
        assertEquals(2, calls(StatusStores.URLS, "put"));
        assertEquals(2, calls(StatusStores.URLS, "get"));
        assertEquals(1, calls(StatusStores.HEADERS, "put"));
        assertEquals(POPS.size(), outcomes.get(TaskId.urlStoreKey(ID, URLS.get(0))).count());
        assertEquals(0, calls(StatusStores.FAILURES, "put"));
        assertEquals(0, calls(StatusStores.UNCACHEABLE, "put") + reads(StatusStores.UNCACHEABLE), "cacheable answers never touch job-uncacheable");
    }

    @Test
    void anUncacheableUrlIsListedOnceWithoutReadingTheList() {
        ledger.register(JOB, 0);
        resetCounts();
        Cacheability.Uncacheable noStore = new Cacheability.Uncacheable("Cache-Control", "no-store");
        String url = URLS.get(0);

        ledger.record(new ResultBatch(ID, List.of(uncacheable(url, "ATL56-C1", noStore), uncacheable(url, "DFW55-C3", noStore))), 0);
        ledger.record(new ResultBatch(ID, List.of(uncacheable(url, "FRA56-C1", noStore))), 0);

        assertEquals(1, calls(StatusStores.UNCACHEABLE, "put"));
        assertEquals(0, reads(StatusStores.UNCACHEABLE), "the URL's counters say it is counted already");
        assertEquals(noStore, uncacheable.get(TaskId.urlStoreKey(ID, url)));
        assertEquals(1, headers.get(ID).uncacheableUrls());
    }

    private static WarmResult uncacheable(String url, String pop, Cacheability.Uncacheable why) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, Outcome.FAILURE, 200, "Miss from cloudfront", pop, 1, 1, 1,
                "answer cannot be cached (" + why + ")", 1, null, why, null, null);
    }

    @Test
    void aJobBegunOnThisVersionNeverReadsThePreviousVersionsTaskStore() throws Exception {
        ledger.record(new ResultBatch(ID, List.of(result(URLS.get(2), "ATL56-C1", Outcome.FAILURE))), 0);
        ledger.register(JOB, 0);
        ledger.record(everyTaskTwice(URLS), 0);
        ledger.record(everyTaskTwice(URLS), 0);
        new StatusReader(headers, urls, new UrlOutcomeReader(outcomes, legacy), failures, counted(StatusStores.WEBHOOKS), uncacheable,
                counted(StatusStores.DOCUMENTS))
                .report(headers.get(ID), new StringWriter());

        assertEquals(0, reads(StatusStores.LEGACY_TASKS));
        assertEquals(1, calls(StatusStores.FAILURES, "put"), "the early failure, kept as the task's first result");
    }

    @Test
    void aUrlCountedByThePreviousVersionReadsItsOldTasksUntilItsNextResultIsWritten() {
        ledger.register(JOB, 0);
        String url = URLS.get(0);
        WarmResult old = result(url, "ATL56-C1", Outcome.SUCCESS);
        legacy.put(old.taskId().storeKey(), old);
        urls.put(TaskId.urlStoreKey(ID, url), urls.get(TaskId.urlStoreKey(ID, url)).recording(Outcome.SUCCESS));
        resetCounts();

        ledger.record(new ResultBatch(ID, List.of(result(url, "DFW55-C3", Outcome.SUCCESS))), 0);
        assertEquals(1, calls(StatusStores.LEGACY_TASKS, "prefixScan"));
        ledger.record(new ResultBatch(ID, List.of(result(url, "FRA56-C1", Outcome.SUCCESS), old)), 0);

        assertEquals(1, calls(StatusStores.LEGACY_TASKS, "prefixScan"), "the URL's entry holds its old outcome since the first write");
        assertEquals(3, outcomes.get(TaskId.urlStoreKey(ID, url)).count());
    }
}
