package io.prewarm.status.query;

import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestChunker;
import io.prewarm.contract.Targets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request that retries exactly the failed tasks (URL x PoP x variant) of a finished job. URLs
 * that failed at the same pairs go together; a pair set that is a product (these PoPs x these
 * variants) becomes chunks with those targets, one that is not (some variants failed at some PoPs
 * only) is split per variant, so such a URL is in several chunks with disjoint pairs and no task is
 * warmed twice or left out. Chunks are cut by {@link RequestChunker} and numbered across the whole request. Collects the failures compactly (a bit per task of the job's
 * targets), so a job with many failures costs a few bytes per URL, not a result each.
 */
public final class RetryPlan {
    private final Targets job;
    private final Map<String, BitSet> failedByUrl = new LinkedHashMap<>();
    private int tasks;

    /** @param job the targets of the job retried (every PoP and variant it has) */
    public RetryPlan(Targets job) {
        this.job = job;
    }

    /** One failed task of the job; a pair outside its targets, or a task given twice, is ignored. */
    public void failed(String url, String pop, String variant) {
        int p = job.pops().indexOf(pop);
        int v = job.encodings().indexOf(variant == null ? "" : variant);
        if (p < 0 || v < 0) {
            return;
        }
        BitSet bits = failedByUrl.computeIfAbsent(url, u -> new BitSet());
        int slot = p * job.encodings().size() + v;
        if (!bits.get(slot)) {
            bits.set(slot);
            tasks++;
        }
    }

    public int urls() {
        return failedByUrl.size();
    }

    public int tasks() {
        return tasks;
    }

    /** The retry's chunks, each {@code settings} (the original's, marked as its retry) retargeted. */
    public List<PrewarmRequest> chunks(PrewarmRequest settings) {
        Map<BitSet, List<String>> byPairs = new LinkedHashMap<>();
        failedByUrl.forEach((url, bits) -> byPairs.computeIfAbsent(bits, b -> new ArrayList<>()).add(url));
        Map<Targets, List<String>> byTargets = new LinkedHashMap<>();
        byPairs.forEach((bits, urls) -> {
            for (Targets t : targetsOf(bits)) {
                byTargets.computeIfAbsent(t, k -> new ArrayList<>()).addAll(urls);
            }
        });
        List<PrewarmRequest> parts = new ArrayList<>();
        byTargets.forEach((t, urls) -> parts.addAll(RequestChunker.split(settings.retargeted(urls, t.pops(), t.encodings()))));
        List<PrewarmRequest> chunks = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            chunks.add(parts.get(i).chunk(parts.get(i).urlList(), i, parts.size()));
        }
        return chunks;
    }

    /** The pair set as products: itself when it is one, else one per variant (its PoPs x that variant). */
    private List<Targets> targetsOf(BitSet bits) {
        int variants = job.encodings().size();
        List<String> pops = new ArrayList<>();
        List<String> encodings = new ArrayList<>();
        for (int p = 0; p < job.pops().size(); p++) {
            if (bits.get(p * variants, (p + 1) * variants).cardinality() > 0) {
                pops.add(job.pops().get(p));
            }
        }
        for (int v = 0; v < variants; v++) {
            if (column(bits, v).size() > 0) {
                encodings.add(job.encodings().get(v));
            }
        }
        if (bits.cardinality() == pops.size() * encodings.size()) {
            return List.of(new Targets(pops, encodings));
        }
        List<Targets> perVariant = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            List<String> at = column(bits, v);
            if (!at.isEmpty()) {
                perVariant.add(new Targets(at, List.of(job.encodings().get(v))));
            }
        }
        return perVariant;
    }

    /** The PoPs at which variant {@code v} failed. */
    private List<String> column(BitSet bits, int v) {
        List<String> pops = new ArrayList<>();
        for (int p = 0; p < job.pops().size(); p++) {
            if (bits.get(p * job.encodings().size() + v)) {
                pops.add(job.pops().get(p));
            }
        }
        return pops;
    }
}
