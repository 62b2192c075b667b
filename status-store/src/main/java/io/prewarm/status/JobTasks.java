package io.prewarm.status;

import io.prewarm.contract.Job;
import io.prewarm.contract.TaskKey;
import io.prewarm.contract.WarmResult;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The tasks a job consists of (URL x PoP x variant) and the results recorded for them. Results
 * for tasks outside the job, which a direct producer could cause, are never counted.
 */
final class JobTasks {
    private JobTasks() {
    }

    /** Recorded results that belong to the job's tasks. */
    static List<WarmResult> recorded(JobState state) {
        Job job = state.job();
        Set<String> pops = Set.copyOf(job.pops());
        Set<String> encodings = Set.copyOf(job.encodings());
        Set<String> urls = Set.copyOf(job.urls());
        return state.tasks().values().stream()
                .filter(r -> pops.contains(r.pop()) && encodings.contains(r.acceptEncoding()) && urls.contains(r.url()))
                .toList();
    }

    /** Every task of the job in URL, PoP, variant order, with its result or null while pending. */
    static Iterable<Row> all(JobState state) {
        Job job = state.job();
        int perUrl = job.pops().size() * job.encodings().size();
        long total = (long) job.urls().size() * perUrl;
        return () -> new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long i = next++;
                int inUrl = (int) (i % perUrl);
                String url = job.urls().get((int) (i / perUrl));
                String pop = job.pops().get(inUrl / job.encodings().size());
                String encoding = job.encodings().get(inUrl % job.encodings().size());
                return new Row(url, pop, encoding, state.tasks().get(TaskKey.of(url, pop, encoding)));
            }
        };
    }

    record Row(String url, String pop, String acceptEncoding, WarmResult result) {
    }
}
