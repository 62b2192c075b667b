package io.prewarm.warmer;

import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.Task;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The warmer's own check of a task before it resolves or dials anything. Requests are validated
 * at ingest and in the expander, but {@code prewarm.tasks} is a topic anyone with write access can
 * produce to, so the component that opens connections re-checks what decides where it connects
 * and what it sends: the PoP id and dist (the only parts of the name it resolves), the URL (only
 * its path and query are sent, its host goes in the Host header) and the extra headers. A task
 * that fails is refused without a connection.
 */
final class TaskGuard {
    static final Pattern DIST = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern SAFE_VALUE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\xff]{0,1024}");
    private static final Set<String> PREWARMS_HEADERS = Set.of("host", "connection", "keep-alive", "proxy-connection",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "expect", "accept-encoding");

    private TaskGuard() {
    }

    /** Why this task must not be sent, or empty when it may. */
    static Optional<String> problem(Task task) {
        if (task.pop() == null || !PopCatalog.POP_ID.matcher(task.pop()).matches()) {
            return Optional.of("pop: not a PoP id");
        }
        if (task.dist() != null && !DIST.matcher(task.dist()).matches()) {
            return Optional.of("dist: not a CloudFront distribution id");
        }
        if (!"http".equals(task.protocol()) && !"https".equals(task.protocol())) {
            return Optional.of("protocol: must be http or https");
        }
        Optional<String> url = urlProblem(task.url());
        if (url.isPresent()) {
            return url;
        }
        if (!SAFE_VALUE.matcher(task.acceptEncoding()).matches()) {
            return Optional.of("acceptEncoding: contains line breaks or control characters");
        }
        for (Map.Entry<String, String> h : task.headers().entrySet()) {
            if (h.getKey() == null || !HEADER_NAME.matcher(h.getKey()).matches()
                    || PREWARMS_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                return Optional.of("headers: a header name that cannot be sent");
            }
            if (h.getValue() == null || !SAFE_VALUE.matcher(h.getValue()).matches()) {
                return Optional.of("headers." + h.getKey() + ": contains line breaks or control characters");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> urlProblem(String url) {
        if (url == null) {
            return Optional.of("url: missing");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("url: not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("url: not an http(s) URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("url: needs a host and no user info or fragment");
        }
        return Optional.empty();
    }

    /** A dist found through a CNAME chain is checked like one given in the task. */
    static String checkedDist(String dist) {
        if (!DIST.matcher(dist).matches()) {
            throw new java.util.concurrent.CompletionException(new EdgeResolver.NoDistributionException(
                    "the CNAME chain leads to a name that is not a CloudFront distribution"));
        }
        return dist;
    }
}
