package io.prewarm.warmer;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;

/**
 * Reads document tasks on a small pool of reader threads ({@code PREWARM_DOCUMENT_READERS}), never
 * on the I/O reactor or the consumer loop: a task waits in line for a reader (holding its slot at
 * the PoP), then its reader sends the request and parses the body as it streams in
 * ({@link DocumentRead}), the parts going out through {@code parts}. Each read is bounded by the
 * task timeout (per attempt) and stopped at the job's deadline. A read cut short because the warmer
 * is stopping has no result: the partition's next owner reads the document again.
 */
final class DocumentTasks implements ReadDocument, AutoCloseable {
    private final EdgeClient edge;
    private final Producer<String, String> parts;
    private final int maxUrls;
    private final ThreadPoolExecutor readers;
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, daemon("document-deadlines"));
    private volatile boolean closing;

    /** @param maxUrls the most URLs one document gives a job without an {@code expand_limit} ({@code PREWARM_MAX_URLS}) */
    DocumentTasks(EdgeClient edge, Producer<String, String> parts, int readers, int maxUrls) {
        this.edge = edge;
        this.parts = parts;
        this.maxUrls = maxUrls;
        // queued tasks are bounded by the slots they hold at their PoP
        this.readers = new ThreadPoolExecutor(readers, readers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemon("document-reader"));
        deadlines.setRemoveOnCancelPolicy(true);
    }

    @Override
    public CompletableFuture<Expansion.DocumentResult> read(Task task, Expansion.Read read) {
        CompletableFuture<Expansion.DocumentResult> out = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                try {
                    Expansion.DocumentResult result = new DocumentRead(edge, parts, deadlines, task, read, maxUrls).run();
                    if (closing && result.failed()) {
                        out.completeExceptionally(new IllegalStateException("the warmer stopped while " + task.url() + " was read"));
                    } else {
                        out.complete(result);
                    }
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(e); // closing
        }
        return out;
    }

    /** Reads in progress are stopped (their tasks end without a result), then the pool and its timer. */
    @Override
    public void close() {
        closing = true;
        readers.shutdownNow();
        try {
            readers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadlines.shutdownNow();
    }

    /** Timers queued now (the deadline of each read in progress): none once every read has ended. */
    int pendingTimers() {
        return deadlines.getQueue().size();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
