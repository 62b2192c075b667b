package io.prewarm.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one origin behind every PoP in cache mode, living in the simulator's JVM so tests can count
 * what reached it. Its answers carry caching headers chosen by path, so a test (or the demo) picks
 * a behaviour by URL: {@code /nocache/no-store/}, {@code /nocache/private/}, {@code /nocache/no-cache/},
 * {@code /nocache/max-age-0/}, {@code /nocache/set-cookie/}, {@code /nocache/vary-star/} are never
 * cacheable; {@code /max-age/<n>/} and {@code /s-maxage/<n>/} expire after n seconds; anything else
 * is {@value #DEFAULT_CACHE_CONTROL}. Content never changes, so an {@code ETag} per variant and one
 * {@code Last-Modified} (the origin's start) stay valid forever. Per-path counts stop taking new
 * paths past {@value EdgeCache#CAPACITY} paths (the total still counts), to keep memory bounded.
 */
final class Origin {
    static final String DEFAULT_CACHE_CONTROL = "public, max-age=3600";
    private static final Map<String, String> UNCACHEABLE = Map.of(
            "/nocache/no-store/", "no-store",
            "/nocache/private/", "private",
            "/nocache/no-cache/", "no-cache",
            "/nocache/max-age-0/", "max-age=0");

    private final Instant lastModified;
    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> perPath = new ConcurrentHashMap<>();

    /** What the origin answered: its caching headers (in order) and validators. */
    record Answer(Map<String, String> headers, String etag, Instant lastModified) {
        Answer {
            headers = Map.copyOf(headers);
        }
    }

    Origin(Instant started) {
        this.lastModified = started.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Answers (and counts) one request for {@code path} (no query) of this cache variant. */
    Answer fetch(String path, String pathAndQuery, String encoding) {
        total.increment();
        LongAdder count = perPath.get(path);
        if (count == null && perPath.size() < EdgeCache.CAPACITY) {
            count = perPath.computeIfAbsent(path, p -> new LongAdder());
        }
        if (count != null) {
            count.increment();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", cacheControl(path));
        if (path.startsWith("/nocache/set-cookie/")) {
            headers.put("Set-Cookie", "session=simulated; Path=/; HttpOnly");
        }
        if (path.startsWith("/nocache/vary-star/")) {
            headers.put("Vary", "*");
        }
        String etag = "\"" + Integer.toHexString((pathAndQuery + "|" + encoding).hashCode()) + "\"";
        return new Answer(headers, etag, lastModified);
    }

    static String cacheControl(String path) {
        for (Map.Entry<String, String> rule : UNCACHEABLE.entrySet()) {
            if (path.startsWith(rule.getKey())) {
                return rule.getValue();
            }
        }
        long maxAge = seconds(path, "/max-age/");
        if (maxAge >= 0) {
            return "public, max-age=" + maxAge;
        }
        long sMaxAge = seconds(path, "/s-maxage/");
        if (sMaxAge >= 0) {
            return DEFAULT_CACHE_CONTROL + ", s-maxage=" + sMaxAge;
        }
        return DEFAULT_CACHE_CONTROL;
    }

    /** The n of {@code <prefix><n>/...}, or -1 when the path is not of that form. */
    private static long seconds(String path, String prefix) {
        if (!path.startsWith(prefix)) {
            return -1;
        }
        int end = path.indexOf('/', prefix.length());
        String digits = end < 0 ? "" : path.substring(prefix.length(), end);
        return digits.matches("\\d{1,9}") ? Long.parseLong(digits) : -1;
    }

    long requests() {
        return total.sum();
    }

    long requests(String path) {
        LongAdder count = perPath.get(path);
        return count == null ? 0 : count.sum();
    }
}
