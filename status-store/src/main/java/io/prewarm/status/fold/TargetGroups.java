package io.prewarm.status.fold;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.prewarm.contract.Targets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The targets of a job whose chunks each have their own (a retry: each chunk holds URLs that failed
 * at the same PoPs and variants), and how many tasks each PoP has over all its URLs. A URL names the
 * groups it was registered with ({@link UrlState#groups()}), so its expected task count, which of its
 * results belong, and its lines in the report are its own; the per-PoP counts make the per-PoP totals
 * of {@code detail} exact. Ordinary jobs, all of whose chunks share one target, have none.
 *
 * @param targets    each distinct target of the job's chunks, in the order first seen
 * @param tasksPerPop per PoP, how many tasks the job's URLs have there
 */
public record TargetGroups(@JsonProperty("targets") List<Targets> targets, @JsonProperty("tasksPerPop") Map<String, Integer> tasksPerPop) {
    static final TargetGroups NONE = new TargetGroups(List.of(), Map.of());

    @JsonCreator
    public TargetGroups {
        targets = targets == null ? List.of() : List.copyOf(targets);
        tasksPerPop = tasksPerPop == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tasksPerPop));
    }

    /** Where {@code t} is among the groups, or -1. */
    int indexOf(Targets t) {
        return targets.indexOf(t);
    }

    /** These groups with {@code t} among them (the same when it is there already). */
    TargetGroups with(Targets t) {
        if (indexOf(t) >= 0) {
            return this;
        }
        List<Targets> more = new ArrayList<>(targets);
        more.add(t);
        return new TargetGroups(more, tasksPerPop);
    }

    /** These groups with {@code added} more tasks per PoP. */
    TargetGroups counting(Map<String, Integer> added) {
        if (added.isEmpty()) {
            return this;
        }
        Map<String, Integer> next = new LinkedHashMap<>(tasksPerPop);
        added.forEach((pop, n) -> next.merge(pop, n, Integer::sum));
        return new TargetGroups(targets, next);
    }

    /** Whether the task at {@code pop} in {@code variant} is one of a URL's in {@code groups}. */
    boolean includes(ChunkSet groups, String pop, String variant) {
        for (int i = 0; i < groups.size(); i++) {
            if (targets.get(groups.at(i)).includes(pop, variant)) {
                return true;
            }
        }
        return false;
    }

    /** Every PoP and every variant of the groups, each once, in the order first seen: what the job as a whole targets. */
    Targets union() {
        Set<String> pops = new LinkedHashSet<>();
        Set<String> encodings = new LinkedHashSet<>();
        for (Targets t : targets) {
            pops.addAll(t.pops());
            encodings.addAll(t.encodings());
        }
        return new Targets(List.copyOf(pops), List.copyOf(encodings));
    }
}
