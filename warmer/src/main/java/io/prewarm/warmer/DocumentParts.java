package io.prewarm.warmer;

import static io.prewarm.contract.Topics.REQUESTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.prewarm.contract.Expansion;
import io.prewarm.contract.Json;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.UrlRules;
import io.prewarm.documents.DocumentType;
import io.prewarm.documents.Sink;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where a document reader puts the URLs it finds: those {@link UrlRules} accepts, up to the job's
 * limit for one document, go out as part records on {@code prewarm.requests} (keyed by the
 * requestID, in the topic's JSON), {@link Expansion#PART_URLS} at most each (fewer when their URLs
 * are long, so a part stays far below the record size limit), named {@code (document, index)} and
 * listing the part's nested documents with their kinds. The same document gives the same parts in
 * the same order, so a re-read (a crash, a redelivered batch) writes the same part ids again, which
 * the expander admits once. At most {@link #IN_FLIGHT} parts wait for Kafka at a time: the reader
 * waits for room, so a document of any size costs a few parts of memory. Used by one reader thread.
 */
final class DocumentParts implements Sink {
    static final int IN_FLIGHT = 4;
    /** A part is closed once its URLs hold this many characters, however few they are. */
    static final int PART_CHARS = 512 * 1024;

    /** A part record was not acknowledged: the document has no result, its task batch stays uncommitted. */
    static final class PartNotWritten extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PartNotWritten(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private final Producer<String, String> producer;
    private final String requestID;
    private final String document;
    private final long deadline;
    private final PrewarmRequest request;
    private final long limit;
    private final Semaphore room = new Semaphore(IN_FLIGHT);
    private final AtomicReference<Exception> failed = new AtomicReference<>();
    private List<String> urls = new ArrayList<>();
    private Map<String, String> nested = new LinkedHashMap<>();
    private long chars;
    private int parts;
    private long kept;
    private long refused;

    /**
     * The parts of {@code document} of job {@code requestID}, written as {@code request}'s ({@link Expansion.Read#request()}),
     * at most {@code limit} URLs, each part with the job's {@code deadline}.
     */
    DocumentParts(Producer<String, String> producer, String requestID, String document, long deadline, PrewarmRequest request, long limit) {
        this.producer = producer;
        this.requestID = requestID;
        this.document = document;
        this.deadline = deadline;
        this.request = request;
        this.limit = limit;
    }

    @Override
    public boolean found(URI url, DocumentType nestedType) {
        String u = url.toString();
        if (UrlRules.problem(u).isPresent()) {
            refused++;
            return true;
        }
        if (kept >= limit) {
            return false;
        }
        kept++;
        urls.add(u);
        chars += u.length();
        if (nestedType != null) {
            nested.put(u, Expansion.kindOf(nestedType.name()));
        }
        if (urls.size() >= Expansion.PART_URLS || chars >= PART_CHARS) {
            flush();
        }
        return true;
    }

    /** Writes the last part and waits until every part is acknowledged; throws {@link PartNotWritten} if one was not. */
    void finish() {
        if (!urls.isEmpty()) {
            flush();
        }
        awaitWritten();
    }

    /** Waits until the parts already sent are acknowledged (the URLs of an unfinished part are left out); throws if one was not. */
    void awaitWritten() {
        try {
            room.acquire(IN_FLIGHT);
            room.release(IN_FLIGHT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartNotWritten("interrupted while parts of " + document + " were written", e);
        }
        Exception e = failed.get();
        if (e != null) {
            throw new PartNotWritten("a part of " + document + " was not written: " + e.getMessage(), e);
        }
    }

    /** Parts sent so far. */
    int parts() {
        return parts;
    }

    /** URLs put into parts. */
    long kept() {
        return kept;
    }

    /** URLs left out because they are no URL a task may have. */
    long refused() {
        return refused;
    }

    private void flush() {
        if (failed.get() != null) {
            awaitWritten(); // throws: no part after one that failed
        }
        String value = json(request.asPart(List.copyOf(urls), new Expansion.Part(document, parts, deadline, nested)));
        urls = new ArrayList<>();
        nested = new LinkedHashMap<>();
        chars = 0;
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartNotWritten("interrupted while parts of " + document + " were written", e);
        }
        parts++;
        try {
            producer.send(new ProducerRecord<>(REQUESTS.name(), requestID, value), (meta, error) -> {
                if (error != null) {
                    failed.compareAndSet(null, error);
                }
                room.release();
            });
        } catch (RuntimeException e) {
            failed.compareAndSet(null, e); // a send that throws never calls back
            room.release();
        }
    }

    private static String json(PrewarmRequest part) {
        try {
            return Json.MAPPER.writeValueAsString(part);
        } catch (JsonProcessingException e) {
            throw new PartNotWritten("a part cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
