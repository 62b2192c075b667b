package io.prewarm.contract;

/**
 * One URL at one PoP: the unit a warmer performs. It carries everything needed to warm it, so a
 * warmer never looks anything up but DNS.
 */
public record Task(String requestID, String url, String pop, String dist, String protocol, String acceptEncoding, long deadline) {

    public static final String DEFAULT_ACCEPT_ENCODING = "gzip, deflate, br";

    /** The name CloudFront's DNS answers with the addresses of this PoP. */
    public String popHost() {
        return dist + "." + pop + ".cloudfront.net";
    }

    /** Identity of the task within its job: results with the same key are the same task. */
    public String key() {
        return TaskKey.of(url, pop, acceptEncoding);
    }
}
