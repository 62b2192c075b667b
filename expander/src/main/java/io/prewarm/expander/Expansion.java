package io.prewarm.expander;

import io.prewarm.contract.Job;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.Targets;
import io.prewarm.contract.TaskBatch;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One request record after validation: accepted (a job chunk and its tasks), rejected under its
 * requestID (a failed job chunk, and the record to the dead-letter topic) or rejected without one
 * (only the dead-letter topic: there is no job to fail).
 */
sealed interface Expansion {

    /** The job chunk to publish on {@code prewarm.jobs}, if there is one. */
    Optional<Job> job();

    record Accepted(Job chunk, PrewarmRequest request) implements Expansion {
        @Override
        public Optional<Job> job() {
            return Optional.of(chunk);
        }

        /**
         * Every URL x PoP x variant task, in batches of whole URLs ({@link TaskBatch#urlsPerBatch}), URL-major so a URL's PoPs
         * are warmed close together in time; made lazily, one batch at a time.
         */
        Iterable<TaskBatch> batches() {
            List<String> urls = chunk.urls();
            Targets targets = chunk.targets();
            int perBatch = TaskBatch.urlsPerBatch(targets);
            String dist = request.dist().orElse(null);
            return () -> new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < urls.size();
                }

                @Override
                public TaskBatch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    List<String> slice = urls.subList(next, Math.min(urls.size(), next + perBatch));
                    next += slice.size();
                    return new TaskBatch(chunk.requestID(), List.copyOf(slice), targets.pops(), targets.encodings(), dist, request.protocol(),
                            request.headers(), chunk.deadline(), request.verify(), request.maxRate());
                }
            };
        }
    }

    /** Refused, with the original record's value for the dead-letter topic. */
    sealed interface Refused extends Expansion {
        String raw();

        String reason();
    }

    /** A request under a valid requestID that failed validation: its status says FAILED and why. */
    record Rejected(Job failed, String raw) implements Refused {
        @Override
        public Optional<Job> job() {
            return Optional.of(failed);
        }

        @Override
        public String reason() {
            return failed.error();
        }
    }

    /** A record whose key is no requestID: nothing to fail, only to dead-letter. */
    record Unkeyed(String reason, String raw) implements Refused {
        @Override
        public Optional<Job> job() {
            return Optional.empty();
        }
    }
}
