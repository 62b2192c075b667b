package io.prewarm.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A prewarm request in the seed's wire shape plus our optional extensions ({@code headers},
 * {@code encodings}, {@code timeout_minutes}, {@code callback_url}, {@code verify}, {@code max_rate}; {@code retry_of} on records only): what {@code POST /prewarm} accepts and what travels on
 * {@code prewarm.requests}. Instances come out of {@link RequestValidator}, already normalised:
 * distinct URLs in first-seen order, lower-case cf_domain (or none: found per host from DNS),
 * protocol and encodings filled in, region as a list. {@code verify} null means the warmer's default
 * ({@code PREWARM_VERIFY}, itself true); {@code max_rate} null means no cap of the job's own (the
 * warmers' {@code PREWARM_MAX_RATE} still applies). {@code expand}, {@code expand_hosts},
 * {@code expand_limit} and {@code segments} make the URLs documents to read ({@link Expansion});
 * {@code part} marks a record a warmer wrote from a document (records only).
 *
 * <p>{@code pops} is where the target was resolved to: ingest resolves {@code target_type} and
 * {@code region} against its PoP catalog once and publishes the PoP ids with the request, so the
 * expander never resolves the same request a second time (against a catalog that may differ). A
 * direct producer may leave it out; the expander then resolves the target itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrewarmRequest(
        @JsonProperty("url_list") List<String> urlList,
        @JsonProperty("cf_domain") String cfDomain,
        @JsonProperty("protocol") String protocol,
        @JsonProperty("target_type") String targetType,
        @JsonProperty("region") List<String> region,
        @JsonProperty("headers") Map<String, String> headers,
        @JsonProperty("encodings") List<String> encodings,
        @JsonProperty("timeout_minutes") Integer timeoutMinutes,
        @JsonProperty("chunk_index") Integer chunkIndex,
        @JsonProperty("chunk_count") Integer chunkCount,
        @JsonProperty("pops") List<String> pops,
        @JsonProperty("callback_url") String callbackUrl,
        @JsonProperty("retry_of") String retryOf,
        @JsonProperty("verify") Boolean verify,
        @JsonProperty("max_rate") Integer maxRate,
        @JsonProperty("expand") String expand,
        @JsonProperty("expand_hosts") List<String> expandHosts,
        @JsonProperty("expand_limit") Integer expandLimit,
        @JsonProperty("segments") Expansion.Segments segments,
        @JsonProperty("part") Expansion.Part part) {

    /** A request of the versions before expansion: no documents. */
    public PrewarmRequest(List<String> urlList, String cfDomain, String protocol, String targetType, List<String> region,
                          Map<String, String> headers, List<String> encodings, Integer timeoutMinutes, Integer chunkIndex,
                          Integer chunkCount, List<String> pops, String callbackUrl, String retryOf, Boolean verify, Integer maxRate) {
        this(urlList, cfDomain, protocol, targetType, region, headers, encodings, timeoutMinutes, chunkIndex, chunkCount, pops, callbackUrl,
                retryOf, verify, maxRate, null, null, null, null, null);
    }

    /** A request of the versions before verification and rate caps: verified as the warmer's {@code PREWARM_VERIFY} says, no job cap. */
    public PrewarmRequest(List<String> urlList, String cfDomain, String protocol, String targetType, List<String> region,
                          Map<String, String> headers, List<String> encodings, Integer timeoutMinutes, Integer chunkIndex,
                          Integer chunkCount, List<String> pops, String callbackUrl, String retryOf) {
        this(urlList, cfDomain, protocol, targetType, region, headers, encodings, timeoutMinutes, chunkIndex, chunkCount, pops, callbackUrl,
                retryOf, null, null, null, null, null, null, null);
    }

    /** A request as the first versions wrote it, without a webhook and not a retry. */
    public PrewarmRequest(List<String> urlList, String cfDomain, String protocol, String targetType, List<String> region,
                          Map<String, String> headers, List<String> encodings, Integer timeoutMinutes, Integer chunkIndex,
                          Integer chunkCount, List<String> pops) {
        this(urlList, cfDomain, protocol, targetType, region, headers, encodings, timeoutMinutes, chunkIndex, chunkCount, pops, null, null);
    }

    /** This request as chunk {@code index} of {@code count}, holding {@code urls}. */
    public PrewarmRequest chunk(List<String> urls, int index, int count) {
        return new PrewarmRequest(urls, cfDomain, protocol, targetType, region, headers, encodings, timeoutMinutes,
                count > 1 ? index : null, count > 1 ? count : null, pops, callbackUrl, retryOf, verify, maxRate, expand, expandHosts, expandLimit,
                segments, part);
    }

    /** This request warming {@code urls} at {@code pops} in {@code encodings} (a retry's chunk: each has its own targets). */
    public PrewarmRequest retargeted(List<String> urls, List<String> targetPops, List<String> targetEncodings) {
        return new PrewarmRequest(urls, cfDomain, protocol, "pop", targetPops, headers, targetEncodings, timeoutMinutes, null, null,
                targetPops, callbackUrl, retryOf, verify, maxRate, null, null, null, null, null);
    }

    /** The request's settings without URLs, chunk fields or resolved PoPs: what a job keeps to be retried with. */
    public PrewarmRequest settings() {
        return new PrewarmRequest(List.of(), cfDomain, protocol, targetType, region, headers, encodings, timeoutMinutes, null, null, null,
                callbackUrl, retryOf, verify, maxRate, expand, expandHosts, expandLimit, segments, null);
    }

    /**
     * The part {@code part} of a document of this job, holding {@code urls}: this chunk's request (targets and
     * settings) with the part's URLs, no chunk fields and no further URLs of its own to read but the part's documents.
     */
    public PrewarmRequest asPart(List<String> urls, Expansion.Part part) {
        return new PrewarmRequest(urls, cfDomain, protocol, targetType, region, headers, encodings, timeoutMinutes, null, null, pops,
                callbackUrl, retryOf, verify, maxRate, expand, expandHosts, expandLimit, segments, part);
    }

    /** This request without its URLs and chunk fields, its targets kept: what a document task carries to write parts with. */
    public PrewarmRequest forParts() {
        return new PrewarmRequest(List.of(), cfDomain, protocol, targetType, region, headers, encodings, timeoutMinutes, null, null, pops,
                callbackUrl, retryOf, verify, maxRate, expand, expandHosts, expandLimit, segments, null);
    }

    /**
     * The URLs of this request that are documents to read, with the kind to read each as: every URL of a
     * request with {@code expand}, the listed ones of a part, none otherwise.
     */
    public Map<String, String> documents() {
        if (part != null) {
            return part.documents();
        }
        if (!Expansion.expands(expand)) {
            return Map.of();
        }
        Map<String, String> all = new java.util.LinkedHashMap<>();
        urlList.forEach(u -> all.put(u, expand));
        return all;
    }

    /** These settings for a retry of job {@code original} (its callback too). */
    public PrewarmRequest retrying(String original) {
        return new PrewarmRequest(urlList, cfDomain, protocol, targetType, region, headers, encodings, timeoutMinutes, null, null, pops,
                callbackUrl, original, verify, maxRate, null, null, null, null, null);
    }

    public int chunkIndexOrZero() {
        return chunkIndex == null ? 0 : chunkIndex;
    }

    public int chunkCountOrOne() {
        return chunkCount == null ? 1 : chunkCount;
    }

    /** The distribution id ({@code d111111abcdef8} of {@code d111111abcdef8.cloudfront.net}), if cf_domain was given. */
    public Optional<String> dist() {
        return Optional.ofNullable(cfDomain).flatMap(Distribution::idOf);
    }

    /** Where every URL is warmed (after validation: {@code pops} resolved, encodings filled in). */
    public Targets targets() {
        return new Targets(pops, encodings);
    }
}
