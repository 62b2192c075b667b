package io.prewarm.status.fold;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcomes of one URL's tasks, in the order they arrived: the value of the URL's entry in
 * {@code job-outcomes}. One entry per URL instead of one per task, so the fold reads and writes a
 * URL once per result batch and the changelog carries one record per URL per commit, whatever the
 * number of PoPs and variants. Each task appears once (the fold keeps its first result). Its
 * format is {@link UrlOutcomesCodec}'s.
 */
@JsonSerialize(using = UrlOutcomesCodec.Writer.class)
@JsonDeserialize(using = UrlOutcomesCodec.Reader.class)
public record UrlOutcomes(List<TaskOutcome> tasks) {
    public static final UrlOutcomes NONE = new UrlOutcomes(List.of());

    public UrlOutcomes {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** How many tasks have an outcome here. */
    public int count() {
        return tasks.size();
    }

    /** These outcomes followed by {@code more}. */
    UrlOutcomes plus(List<TaskOutcome> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<TaskOutcome> all = new ArrayList<>(tasks.size() + more.size());
        all.addAll(tasks);
        all.addAll(more);
        return new UrlOutcomes(all);
    }
}
