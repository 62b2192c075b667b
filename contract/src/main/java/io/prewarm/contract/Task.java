package io.prewarm.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One URL at one PoP in one Accept-Encoding variant: the unit a warmer performs. It carries
 * everything needed to warm it. {@code dist} is null when the request named no cf_domain: the
 * warmer then finds it from the URL host's CNAME chain.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Task(String requestID, String url, String pop, String dist, String protocol, String acceptEncoding,
                   Map<String, String> headers, long deadline) {

    public static final String DEFAULT_ACCEPT_ENCODING = "gzip, deflate, br";

    public Task {
        headers = headers == null ? Map.of() : headers;
        acceptEncoding = acceptEncoding == null ? "" : acceptEncoding;
    }

    public Task(String requestID, String url, String pop, String dist, String protocol, String acceptEncoding, long deadline) {
        this(requestID, url, pop, dist, protocol, acceptEncoding, Map.of(), deadline);
    }

    public TaskId id() {
        return new TaskId(requestID, url, pop, acceptEncoding);
    }
}
