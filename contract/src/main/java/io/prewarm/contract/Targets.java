package io.prewarm.contract;

import java.util.List;

/**
 * Where every URL of a job is warmed: its PoPs and its Accept-Encoding variants. The number of tasks
 * a URL stands for, and which (PoP, variant) pairs belong to a job, are derived here and nowhere else.
 */
public record Targets(List<String> pops, List<String> encodings) {

    public Targets {
        pops = List.copyOf(pops);
        encodings = encodings == null || encodings.isEmpty() ? List.of(Task.DEFAULT_ACCEPT_ENCODING) : List.copyOf(encodings);
    }

    /** Tasks that decide each URL's verdict: one per PoP and variant. */
    public int tasksPerUrl() {
        return pops.size() * encodings.size();
    }

    public boolean includes(String pop, String acceptEncoding) {
        return pops.contains(pop) && encodings.contains(acceptEncoding == null ? "" : acceptEncoding);
    }

    /** The {@code i}-th task of {@code url} (0 <= i < tasksPerUrl), PoP-major: a PoP's variants go together. */
    public TaskId task(String requestID, String url, int i) {
        return new TaskId(requestID, url, pops.get(i / encodings.size()), encodings.get(i % encodings.size()));
    }
}
