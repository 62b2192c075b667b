package io.prewarm.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes a {@link SampleDocuments.BigSitemap} a chunk of {@value #URLS_PER_CHUNK} URLs at a time,
 * each write started when the last one completed, so a sitemap of millions of URLs is never held
 * and no thread waits on a slow client. {@code done} completes when the last chunk is written or
 * a write fails. With a pace, the next chunk is written that long after the last one completed,
 * on a timer rather than a sleeping thread.
 */
final class BigSitemapWriter extends IteratingCallback {
    static final int URLS_PER_CHUNK = 1000;
    private static final ScheduledExecutorService PACER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sitemap-pacer");
        t.setDaemon(true);
        return t;
    });
    private final Response response;
    private final SampleDocuments.BigSitemap sitemap;
    private final Callback done;
    private int next = -1;
    private boolean finished;

    BigSitemapWriter(Response response, SampleDocuments.BigSitemap sitemap, Callback done) {
        this.response = response;
        this.sitemap = sitemap;
        this.done = done;
    }

    @Override
    protected Action process() {
        if (finished) {
            return Action.SUCCEEDED;
        }
        StringBuilder chunk = new StringBuilder();
        if (next < 0) {
            chunk.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            next = 0;
        }
        int end = (int) Math.min(sitemap.urls(), (long) next + URLS_PER_CHUNK);
        for (; next < end; next++) {
            chunk.append("  <url><loc>").append(sitemap.origin()).append("/big/page-").append(next).append(".html</loc></url>\n");
        }
        finished = next >= sitemap.urls();
        if (finished) {
            chunk.append("</urlset>\n");
        }
        response.write(finished, ByteBuffer.wrap(chunk.toString().getBytes(StandardCharsets.UTF_8)), paced());
        return Action.SCHEDULED;
    }

    /** This callback, its success delayed by the pace when there is one and more is to come. */
    private Callback paced() {
        if (sitemap.paceMillis() == 0 || finished) {
            return this;
        }
        return Callback.from(() -> PACER.schedule(this::succeeded, sitemap.paceMillis(), TimeUnit.MILLISECONDS), this::failed);
    }

    @Override
    protected void onCompleteSuccess() {
        done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        done.failed(cause);
    }
}
