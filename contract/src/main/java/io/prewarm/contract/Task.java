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

    /** The name CloudFront's DNS answers with the addresses of this PoP, for a given distribution. */
    public static String popHost(String dist, String pop) {
        return dist + "." + pop + ".cloudfront.net";
    }

    /** Identity of the task within its job: results with the same key are the same task. */
    public String key() {
        return TaskKey.of(url, pop, acceptEncoding);
    }
}
