package io.prewarm.warmer;

import io.prewarm.contract.Distribution;
import io.prewarm.contract.HeaderRules;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.Task;
import io.prewarm.contract.UrlRules;
import java.util.Map;
import java.util.Optional;

/**
 * The warmer's own check of a task before it resolves or dials anything. Requests are validated
 * at ingest and in the expander, but {@code prewarm.tasks} is a topic anyone with write access can
 * produce to, so the component that opens connections asks the contract's rules again about what
 * decides where it connects and what it sends: the PoP id and dist (the only parts of the name it
 * resolves), the URL (only its path and query are sent, its host goes in the Host header), the
 * Accept-Encoding and the extra headers. A task that fails is refused without a connection. The
 * rules live in {@code contract}; this class only names the field that broke one.
 */
final class TaskGuard {
    private TaskGuard() {
    }

    /** Why this task must not be sent ("field: reason"), or empty when it may. */
    static Optional<String> problem(Task task) {
        if (task.pop() == null || !PopCatalog.POP_ID.matcher(task.pop()).matches()) {
            return Optional.of("pop: not a PoP id");
        }
        if (task.dist() != null && !Distribution.isId(task.dist())) {
            return Optional.of("dist: not a CloudFront distribution id");
        }
        if (!UrlRules.PROTOCOLS.contains(task.protocol())) {
            return Optional.of("protocol: must be http or https");
        }
        Optional<String> url = UrlRules.problem(task.url());
        if (url.isPresent()) {
            return Optional.of("url: " + url.get());
        }
        if (!HeaderRules.isAcceptEncoding(task.acceptEncoding())) {
            return Optional.of("acceptEncoding: not an Accept-Encoding value Prewarm sends (line breaks, control or other characters)");
        }
        if (task.headers().size() > HeaderRules.MAX_HEADERS) {
            return Optional.of("headers: more than " + HeaderRules.MAX_HEADERS + " extra headers");
        }
        for (Map.Entry<String, String> h : task.headers().entrySet()) {
            Optional<HeaderRules.Problem> header = HeaderRules.problem(h.getKey(), h.getValue());
            if (header.isPresent()) {
                return Optional.of(switch (header.get()) {
                    case BAD_NAME -> "headers: a header name that cannot be sent";
                    case PREWARMS_OWN -> "headers." + h.getKey() + ": a header Prewarm sets itself, cannot be sent";
                    case BAD_VALUE -> "headers." + h.getKey() + ": contains line breaks or control characters";
                });
            }
        }
        return Optional.empty();
    }
}
