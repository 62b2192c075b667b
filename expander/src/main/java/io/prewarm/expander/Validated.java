package io.prewarm.expander;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Job;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.Targets;
import io.prewarm.contract.TaskBatch;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One request record after validation: accepted (a job chunk and its tasks), rejected under its
 * requestID (a failed job chunk, and the record to the dead-letter topic) or rejected without one
 * (only the dead-letter topic: there is no job to fail).
 */
sealed interface Validated {

    /** The job chunk to publish on {@code prewarm.jobs}, if there is one. */
    Optional<Job> job();

    /**
     * {@code chunk} is what the job gets of {@code request} (for a part, possibly cut by {@link PartGate}); {@code reads} are
     * the chunk's documents to read now, with their kinds: all of them, less those the job read before.
     */
    record Accepted(Job chunk, PrewarmRequest request, Map<String, String> reads) implements Validated {
        Accepted(Job chunk, PrewarmRequest request) {
            this(chunk, request, chunk.documents());
        }

        @Override
        public Optional<Job> job() {
            return Optional.of(chunk);
        }

        /** As the gate let it through: the chunk (a part maybe cut) and what of its documents is still to read. */
        Accepted with(Job admitted, Map<String, String> toRead) {
            return new Accepted(admitted, request, toRead);
        }

        /**
         * Every URL x PoP x variant task, in batches of whole URLs ({@link TaskBatch#urlsPerBatch}), URL-major so a URL's PoPs
         * are warmed close together in time; made lazily, one batch at a time. Documents are warmed too.
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

        /**
         * One document task per document to read (docs/expansion.md): its URL fetched at the job's first PoP so the choice
         * is deterministic, in identity encoding; it carries the request without URLs, for the parts it writes.
         */
        Iterable<TaskBatch> documentTasks() {
            if (reads.isEmpty() || chunk.pops().isEmpty()) {
                return List.of();
            }
            List<String> reader = List.of(chunk.pops().get(0));
            String dist = request.dist().orElse(null);
            PrewarmRequest forParts = request.forParts();
            return () -> reads.entrySet().stream()
                    .map(d -> new TaskBatch(chunk.requestID(), List.of(d.getKey()), reader, List.of(""), dist, request.protocol(),
                            request.headers(), chunk.deadline(), request.verify(), request.maxRate(), new Expansion.Read(d.getValue(), forParts)))
                    .iterator();
        }
    }

    /** Refused, with the original record's value for the dead-letter topic. */
    sealed interface Refused extends Validated {
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
