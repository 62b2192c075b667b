package io.prewarm.expander;

import io.prewarm.contract.Job;
import io.prewarm.contract.Task;
import io.prewarm.contract.ValidatedRequest;
import java.util.Iterator;
import java.util.List;
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

    /** Every URL x PoP task, URL-major so a URL's PoPs are warmed close together in time. */
    Iterable<Task> tasks() {
        List<String> urls = request.request().urlList();
        List<String> pops = request.pops();
        String dist = request.request().dist();
        String protocol = request.request().protocol();
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < urls.size() * pops.size();
            }

            @Override
            public Task next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return new Task(job.requestID(), urls.get(i / pops.size()), pops.get(i % pops.size()), dist, protocol,
                        Task.DEFAULT_ACCEPT_ENCODING, job.deadline());
            }
        };
    }
}
