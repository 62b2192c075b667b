package io.prewarm.warmer;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Expansion.DocumentResult;
import io.prewarm.contract.Task;
import io.prewarm.documents.DocumentException;
import io.prewarm.documents.DocumentReader;
import io.prewarm.documents.DocumentType;
import io.prewarm.documents.ReadLimits;
import io.prewarm.documents.ReadSummary;
import io.prewarm.documents.SegmentLimit;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One document task on its reader thread: its request through its PoP with {@code Accept-Encoding:
 * gzip} ({@link EdgeClient#fetch}), the body decoded by its {@code Content-Encoding} and read by
 * {@code documents} as it streams in ({@link DocumentBody}), what it names written as parts
 * ({@link DocumentParts}), and then its {@link DocumentResult}. Every way a read fails (no 2xx, a
 * parse error, over the bound, a cut body) is a result with {@code error}, logged in one line.
 * When the document itself is at fault (a parse error, the bound) the URLs read before it still go
 * out as a last part; when the exchange failed they do not, as a re-read may name more under the
 * same part id.
 */
final class DocumentRead {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentRead.class);
    private static final String STOPPED = "the reader needs no more of the body";

    private final EdgeClient edge;
    private final ScheduledExecutorService deadlines;
    private final Task task;
    private final Expansion.Read read;
    private final long limit;
    private final DocumentParts parts;
    private String kind;

    DocumentRead(EdgeClient edge, org.apache.kafka.clients.producer.Producer<String, String> producer, ScheduledExecutorService deadlines,
                 Task task, Expansion.Read read, int maxUrls) {
        this.edge = edge;
        this.deadlines = deadlines;
        this.task = task;
        this.read = read;
        this.kind = read.kind();
        Integer expandLimit = read.request().expandLimit();
        this.limit = expandLimit != null && expandLimit > 0 ? expandLimit : maxUrls;
        this.parts = new DocumentParts(producer, task.requestID(), task.url(), task.deadline(), read.request(), limit);
    }

    /** Reads the document; the result once every part is acknowledged. Throws when a part was not, or the thread is interrupted. */
    DocumentResult run() {
        CompletableFuture<DocumentBody> began = new CompletableFuture<>();
        CompletableFuture<EdgeClient.Fetched> fetched = edge.fetch(task, Map.of(HttpHeaders.ACCEPT_ENCODING, "gzip"), () -> new DocumentBody(began));
        try {
            CompletableFuture.anyOf(began, fetched).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + task.url() + " was fetched", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // neither future fails
        }
        if (!began.isDone()) {
            EdgeClient.Fetched f = fetched.join();
            return failed(f.error() != null ? f.error() : Verdicts.statusError(f.response()));
        }
        DocumentBody body = began.join();
        long untilDeadline = task.deadline() - System.currentTimeMillis();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> body.stop("job deadline passed while the document was read"),
                Math.max(0, untilDeadline), TimeUnit.MILLISECONDS);
        try {
            return readBody(body, fetched);
        } finally {
            deadline.cancel(false);
            body.stop(STOPPED);
        }
    }

    private DocumentResult readBody(DocumentBody body, CompletableFuture<EdgeClient.Fetched> fetched) {
        try {
            BufferedInputStream in = new BufferedInputStream(decoded(body), DocumentType.SNIFF_BYTES);
            DocumentType type = typeOf(header(body, HttpHeaders.CONTENT_TYPE), in);
            kind = Expansion.kindOf(type.name());
            ReadSummary summary = DocumentReader.read(type, in, URI.create(task.url()), limits(), parts);
            body.stop(STOPPED); // cut at the limit: the rest is not fetched
            parts.finish();
            return done(summary);
        } catch (DocumentException e) {
            if (body.broken() && !STOPPED.equals(body.why())) {
                parts.awaitWritten();
                return failed(cutReason(body, fetched));
            }
            body.stop(STOPPED);
            parts.finish();
            return failed(e.getMessage());
        }
    }

    private DocumentResult done(ReadSummary s) {
        String truncated = s.truncation().map(t -> t.limit() == ReadSummary.Limit.EXPAND_LIMIT
                ? "expansion: truncated at " + limit + " URLs" : t.message()).orElse(null);
        DocumentResult result = new DocumentResult(task.url(), kind, parts.parts(), s.found(), parts.kept(), s.skippedOtherHosts(), truncated,
                null, System.currentTimeMillis());
        LOG.info("document {} of request {} read as {}: {} URLs kept of {} found, {} parts{}", task.url(), task.requestID(), kind,
                result.kept(), result.found(), result.parts(), truncated == null ? "" : " (" + truncated + ")");
        return result;
    }

    /** A failed read: what the parts already written hold counts; the URLs the reader saw are all it is known to have found. */
    private DocumentResult failed(String error) {
        LOG.warn("document {} of request {} not read: {}", task.url(), task.requestID(), error);
        return new DocumentResult(task.url(), kind, parts.parts(), parts.kept() + parts.refused(), parts.kept(), 0, null, error,
                System.currentTimeMillis());
    }

    /** Why the body was cut: the exchange's own reason when it has ended (a timeout, a dropped connection), else the body's. */
    private static String cutReason(DocumentBody body, CompletableFuture<EdgeClient.Fetched> fetched) {
        if (body.stopped()) {
            return body.why();
        }
        try {
            String error = fetched.get(2, TimeUnit.SECONDS).error();
            return error != null ? error : body.why();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return body.why();
        } catch (ExecutionException | TimeoutException e) {
            return body.why();
        }
    }

    /** The body as sent, or gunzipped when the PoP says {@code Content-Encoding: gzip} (a gzip document inside is the reader's). */
    private static InputStream decoded(DocumentBody body) {
        String encoding = header(body, HttpHeaders.CONTENT_ENCODING);
        String e = encoding == null ? "identity" : encoding.strip().toLowerCase(Locale.ROOT);
        if (e.isEmpty() || e.equals("identity")) {
            return body.stream();
        }
        if (!e.equals("gzip") && !e.equals("x-gzip")) {
            throw new DocumentException("the PoP answered with Content-Encoding: " + encoding + ", which is not decoded (gzip was asked for)");
        }
        try {
            return new GZIPInputStream(body.stream(), 16 * 1024);
        } catch (IOException ex) {
            throw new DocumentException("corrupt gzip body (Content-Encoding: gzip): " + ex.getMessage(), ex);
        }
    }

    /** The kind asked for, or for {@code auto} what {@link DocumentReader#detect} finds from the content type, the URL and the first bytes. */
    private DocumentType typeOf(String contentType, BufferedInputStream in) {
        if (!kind.equals("auto")) {
            return Arrays.stream(DocumentType.values()).filter(t -> Expansion.kindOf(t.name()).equals(kind)).findFirst()
                    .orElseThrow(() -> new DocumentException("expand: " + kind + " is not a kind of document"));
        }
        return DocumentReader.detect(contentType, in, URI.create(task.url()));
    }

    /** 16 MiB, the request's {@code expand_hosts} and {@code segments}. */
    private ReadLimits limits() {
        List<String> hosts = read.request().expandHosts();
        SegmentLimit segments = read.segments()
                .map(s -> s.firstSeconds() != null ? SegmentLimit.firstSeconds(s.firstSeconds())
                        : s.firstSegments() != null ? SegmentLimit.firstSegments(s.firstSegments()) : SegmentLimit.all())
                .orElse(SegmentLimit.all());
        return ReadLimits.defaults().withAllowedHosts(hosts == null ? Set.of() : Set.copyOf(hosts)).withSegments(segments);
    }

    private static String header(DocumentBody body, String name) {
        Header h = body.head().getFirstHeader(name);
        return h == null ? null : h.getValue();
    }
}
