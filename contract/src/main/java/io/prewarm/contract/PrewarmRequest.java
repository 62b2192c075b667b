package io.prewarm.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A prewarm request in the seed's wire shape: what {@code POST /prewarm} accepts and what travels
 * on {@code prewarm.requests}. Instances come out of {@link RequestValidator}, already normalised:
 * distinct URLs in first-seen order, lower-case cf_domain, protocol filled in, region as a list.
 */
public record PrewarmRequest(
        @JsonProperty("url_list") List<String> urlList,
        @JsonProperty("cf_domain") String cfDomain,
        @JsonProperty("protocol") String protocol,
        @JsonProperty("target_type") String targetType,
        @JsonProperty("region") List<String> region) {

    public static final String CLOUDFRONT_SUFFIX = ".cloudfront.net";

    /** The distribution id: {@code d111111abcdef8} of {@code d111111abcdef8.cloudfront.net}. */
    public String dist() {
        return cfDomain.substring(0, cfDomain.length() - CLOUDFRONT_SUFFIX.length());
    }
}
