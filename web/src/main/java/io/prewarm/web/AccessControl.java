package io.prewarm.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.TooManyRequestsResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional API keys and a per-key rate limit, as one before-handler ahead of every route: with
 * {@code PREWARM_API_KEYS} set, an API request without a valid {@code x-api-key} header (the header
 * the original system's API gateway checked) is refused with 403 before its endpoint runs; with
 * {@code PREWARM_RATE_LIMIT} set, {@code POST /prewarm} is limited per key (per client address when
 * no keys are configured) and answers 429 with Retry-After when over. Refusals are thrown as
 * {@link io.javalin.http.HttpResponseException}s, so the endpoint is skipped and ApiServer writes the
 * usual JSON message. Key values are never logged.
 */
public final class AccessControl implements Consumer<JavalinConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    public static final String API_KEY_HEADER = "x-api-key";
    /**
     * The API endpoints, the only paths that need a key: each prefix covers the path itself and
     * everything below it. Every other path (health checks, metrics, docs, {@code /}) stays open.
     */
    static final List<String> PROTECTED_PREFIXES = List.of("/prewarm", "/status", "/report", "/internal", "/jobs");
    private static final String RATE_LIMITED_PATH = "/prewarm";
    private static final Pattern SLASHES = Pattern.compile("/{2,}");

    private final ApiKeys keys;
    private final Optional<RateLimiter> limiter;

    public AccessControl(AccessConfig config) {
        this(config, System::nanoTime);
    }

    /** With a clock in nanoseconds (as {@link System#nanoTime}), for tests. */
    public AccessControl(AccessConfig config, LongSupplier nanos) {
        this.keys = new ApiKeys(config.apiKeys());
        this.limiter = config.rateLimited()
                ? Optional.of(new RateLimiter(config.rateLimitPerMinute(), RateLimiter.DEFAULT_MAX_BUCKETS, nanos))
                : Optional.empty();
        LOG.info("access: {}; {}", keys.required() ? config.apiKeys().size() + " API key(s) required" : "no API key required",
                config.rateLimited() ? "POST /prewarm limited to " + config.rateLimitPerMinute() + "/min per "
                        + (keys.required() ? "key" : "client address") : "no rate limit");
    }

    @Override
    public void accept(JavalinConfig config) {
        if (keys.required() || limiter.isPresent()) {
            config.routes.before(this::check);
        }
    }

    private void check(Context ctx) {
        String path = normalizedPath(ctx);
        if (PROTECTED_PREFIXES.stream().noneMatch(prefix -> covers(prefix, path))) {
            return;
        }
        String caller = caller(ctx);
        if (limiter.isPresent() && HandlerType.POST.equals(ctx.method()) && covers(RATE_LIMITED_PATH, path)) {
            limit(ctx, limiter.get(), caller);
        }
    }

    /** The bucket name of the caller; throws 403 when keys are required and none valid was given. */
    private String caller(Context ctx) {
        if (!keys.required()) {
            return "address " + ctx.ip();
        }
        OptionalInt key = keys.match(ctx.header(API_KEY_HEADER));
        if (key.isEmpty()) {
            throw new ForbiddenResponse(API_KEY_HEADER + ": missing or not a valid API key");
        }
        return "key #" + key.getAsInt();
    }

    private void limit(Context ctx, RateLimiter limiter, String caller) {
        long waitSeconds = limiter.tryAcquire(caller);
        if (waitSeconds > 0) {
            ctx.header("Retry-After", Long.toString(waitSeconds));
            String field = keys.required() ? API_KEY_HEADER : "client address";
            throw new TooManyRequestsResponse(field + ": rate limit of " + limiter.perMinute()
                    + " requests per minute reached; retry after " + waitSeconds + " s");
        }
    }

    /**
     * Lower-cased, with repeated slashes folded: at least as wide as any way the router can be set
     * to match a path (case-insensitive routes, multiple slashes as one), so no spelling of a
     * protected path reaches its endpoint unchecked.
     */
    static String normalizedPath(Context ctx) {
        String path = ctx.path();
        String contextPath = ctx.contextPath();
        if (path.startsWith(contextPath)) {
            path = path.substring(contextPath.length());
        }
        return SLASHES.matcher("/" + path).replaceAll("/").toLowerCase(Locale.ROOT);
    }

    static boolean covers(String prefix, String path) {
        if (!path.startsWith(prefix)) {
            return false;
        }
        return path.length() == prefix.length() || path.charAt(prefix.length()) == '/' || path.charAt(prefix.length()) == ';';
    }
}
