package io.prewarm.expander;

import io.prewarm.contract.Job;
import io.prewarm.contract.Task;
import io.prewarm.contract.ValidatedRequest;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One request record after validation: either accepted, with a job and its tasks, or rejected
 * with the reason. Tasks are produced lazily, one at a time, so a request is never held as a
 * list of millions of task objects.
 */
record Expansion(Job job, ValidatedRequest request, String raw) {

    boolean accepted() {
        return request != null;
    }

    /** Every URL x PoP x variant task, URL-major so a URL's PoPs are warmed close together in time. */
    Iterable<Task> tasks() {
        List<String> urls = request.request().urlList();
        List<String> pops = request.pops();
        List<String> encodings = job.encodings();
        String dist = request.request().dist().orElse(null);
        String protocol = request.request().protocol();
        Map<String, String> headers = request.request().headers();
        int perUrl = pops.size() * encodings.size();
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < urls.size() * perUrl;
            }

            @Override
            public Task next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                int inUrl = i % perUrl;
                return new Task(job.requestID(), urls.get(i / perUrl), pops.get(inUrl / encodings.size()), dist, protocol,
                        encodings.get(inUrl % encodings.size()), headers, job.deadline());
            }
        };
    }
}
