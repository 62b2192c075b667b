package io.prewarm.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One URL at one PoP in one Accept-Encoding variant: the unit a warmer performs. It carries
 * everything needed to warm it. {@code dist} is null when the request named no cf_domain: the
 * warmer then finds it from the URL host's CNAME chain. {@code verify} and {@code maxRate} are the
 * job's ({@link PrewarmRequest}); null when it gave none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Task(String requestID, String url, String pop, String dist, String protocol, String acceptEncoding,
                   Map<String, String> headers, long deadline, Boolean verify, Integer maxRate) {

    public static final String DEFAULT_ACCEPT_ENCODING = "gzip, deflate, br";

    public Task {
        headers = headers == null ? Map.of() : headers;
        acceptEncoding = acceptEncoding == null ? "" : acceptEncoding;
    }

    public Task(String requestID, String url, String pop, String dist, String protocol, String acceptEncoding,
                Map<String, String> headers, long deadline) {
        this(requestID, url, pop, dist, protocol, acceptEncoding, headers, deadline, null, null);
    }

    public Task(String requestID, String url, String pop, String dist, String protocol, String acceptEncoding, long deadline) {
        this(requestID, url, pop, dist, protocol, acceptEncoding, Map.of(), deadline);
    }

    /** Whether the warm is to be verified: the job's {@code verify}, else {@code byDefault} (the warmer's {@code PREWARM_VERIFY}). */
    public boolean verifies(boolean byDefault) {
        return verify == null ? byDefault : verify;
    }

    public TaskId id() {
        return new TaskId(requestID, url, pop, acceptEncoding);
    }
}
