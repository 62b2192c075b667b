package io.prewarm.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes a {@link SampleDocuments.BigSitemap} a chunk of {@value #URLS_PER_CHUNK} URLs at a time,
 * each write started when the last one completed, so a sitemap of millions of URLs is never held
 * and no thread waits on a slow client. {@code done} completes when the last chunk is written or
 * a write fails.
 */
final class BigSitemapWriter extends IteratingCallback {
    static final int URLS_PER_CHUNK = 1000;
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
        response.write(finished, ByteBuffer.wrap(chunk.toString().getBytes(StandardCharsets.UTF_8)), this);
        return Action.SCHEDULED;
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
