package io.prewarm.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The single place that decides whether a prewarm request is acceptable: {@link #submission} for a
 * {@code POST /prewarm} body, {@link #record} for a record on {@code prewarm.requests} (ingest's own,
 * or another system's). Every rejection is an {@link InvalidRequestException} naming the field, never
 * a parsing stack trace. The rules themselves live in {@link UrlRules}, {@link HeaderRules},
 * {@link Distribution} and {@link PopCatalog}, which the warmer asks too.
 *
 * <p>The target is resolved to PoP ids once: a submission against this validator's catalog, and the
 * ids travel in the record's {@code pops}; a record that carries {@code pops} is taken at its word
 * (each id only checked for shape, as any {@code target_type: pop} id is), so the expander's catalog
 * matters only for direct producers' records without {@code pops}.
 */
public final class RequestValidator {
    private static final Set<String> SUBMISSION_FIELDS = Set.of("url_list", "cf_domain", "protocol", "target_type", "region", "headers",
            "encodings", "timeout_minutes", "chunk_index", "chunk_count", "callback_url", "verify", "max_rate", "expand", "expand_hosts", "expand_limit", "segments");
    /** A record may also carry the PoPs its target was resolved to, the job it retries, and the document part it is. */
    private static final Set<String> RECORD_FIELDS = Stream.concat(SUBMISSION_FIELDS.stream(), Stream.of("pops", "retry_of", "part"))
            .collect(Collectors.toUnmodifiableSet());
    public static final int MAX_TIMEOUT_MINUTES = 7 * 24 * 60;
    public static final int MAX_CHUNKS = 10_000;
    public static final int MAX_ENCODINGS = 8;
    /** The highest {@code max_rate}: requests per second a job may send to the edge. */
    public static final int MAX_RATE = 100_000;
    private static final List<String> TARGET_TYPES = List.of("pop", "region", "country");

    /** Trailing content after the object and repeated keys are mistakes, not something to guess around. */
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Targeting targeting;
    private final int maxUrls;
    private final WebhookPolicy webhooks;

    /** A validator that accepts no {@code callback_url} (no webhook secret configured). */
    public RequestValidator(PopCatalog catalog, int maxUrls) {
        this(catalog, maxUrls, WebhookPolicy.DISABLED);
    }

    public RequestValidator(PopCatalog catalog, int maxUrls, WebhookPolicy webhooks) {
        this.targeting = new Targeting(catalog);
        this.maxUrls = maxUrls;
        this.webhooks = webhooks;
    }

    /**
     * A {@code POST /prewarm} body, its target resolved against this validator's catalog. Chunk fields
     * are refused: the requestID is new, so the other chunks could never arrive (ingest splits big
     * requests itself).
     */
    public PrewarmRequest submission(String json) {
        PrewarmRequest request = validate(parse(json), SUBMISSION_FIELDS);
        if (request.chunkCount() != null) {
            throw new InvalidRequestException("chunk_index", "chunk_index and chunk_count are only for records produced directly to "
                    + "prewarm.requests; POST /prewarm splits big requests itself");
        }
        return request;
    }

    /** A record's value on {@code prewarm.requests}; its {@code pops}, when present, are used as they are. */
    public PrewarmRequest record(String json) {
        return validate(parse(json), RECORD_FIELDS);
    }

    private static JsonNode parse(String json) {
        if (json.isBlank()) {
            throw new InvalidRequestException("body", "is empty; send a JSON object");
        }
        try {
            return STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw duplicateField(e).map(field -> new InvalidRequestException(field, "appears more than once; give each field once"))
                    .orElseGet(() -> new InvalidRequestException("body", "not valid JSON (" + e.getOriginalMessage() + ")"));
        }
    }

    /** The path of the field a duplicate-key error is about ({@code url_list}, {@code headers.X-A}), if that is the error. */
    private static Optional<String> duplicateField(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser) || !String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
            return Optional.empty();
        }
        Deque<JsonStreamContext> contexts = new ArrayDeque<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            contexts.addFirst(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : contexts) {
            path.append(c.inArray() ? "[" + c.getCurrentIndex() + "]" : (path.length() == 0 ? "" : ".") + c.getCurrentName());
        }
        return Optional.of(path.toString());
    }

    private PrewarmRequest validate(JsonNode body, Set<String> fields) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        Set<String> unknown = new TreeSet<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException(unknown.iterator().next(), "unknown field; allowed fields are " + new TreeSet<>(SUBMISSION_FIELDS));
        }
        List<String> urls = urls(body.get("url_list"));
        String cfDomain = cfDomain(body.get("cf_domain"));
        Map<String, String> headers = ExtraHeaders.validate(body.get("headers"));
        List<String> encodings = encodings(body.get("encodings"));
        String protocol = protocol(body.get("protocol"));
        List<String> region = JsonFields.stringList("region", body.get("region"));
        String targetType = body.hasNonNull("target_type") ? JsonFields.oneOf("target_type", body.get("target_type"), TARGET_TYPES)
                : targeting.inferType(region);
        List<String> pops = body.hasNonNull("pops") ? Targeting.popIds(body.get("pops")) : targeting.resolve(targetType, region);
        Integer timeout = JsonFields.optionalInt(body.get("timeout_minutes"), "timeout_minutes", 1, MAX_TIMEOUT_MINUTES);
        Integer chunkCount = JsonFields.optionalInt(body.get("chunk_count"), "chunk_count", 1, MAX_CHUNKS);
        Integer chunkIndex = JsonFields.optionalInt(body.get("chunk_index"), "chunk_index", 0, MAX_CHUNKS - 1);
        if ((chunkCount == null) != (chunkIndex == null) || (chunkCount != null && chunkIndex >= chunkCount)) {
            throw new InvalidRequestException("chunk_index", "chunk_index and chunk_count go together, with 0 <= chunk_index < chunk_count");
        }
        String callbackUrl = callbackUrl(body.get("callback_url"));
        String retryOf = retryOf(body.get("retry_of"));
        Boolean verify = JsonFields.optionalBoolean(body.get("verify"), "verify");
        Integer maxRate = JsonFields.optionalInt(body.get("max_rate"), "max_rate", 1, MAX_RATE);
        String expand = body.hasNonNull("expand") ? JsonFields.oneOf("expand", body.get("expand"), Expansion.KINDS) : null;
        List<String> expandHosts = expandHosts(body.get("expand_hosts"));
        Integer expandLimit = JsonFields.optionalInt(body.get("expand_limit"), "expand_limit", 1, maxUrls);
        Expansion.Segments segments = segments(body.get("segments"));
        if (!Expansion.expands(expand) && (expandHosts != null || expandLimit != null || segments != null)) {
            throw new InvalidRequestException(expandHosts != null ? "expand_hosts" : expandLimit != null ? "expand_limit" : "segments",
                    "only applies with expand (\"sitemap\", \"hls\", \"dash\" or \"auto\")");
        }
        if (segments != null && "sitemap".equals(expand)) {
            throw new InvalidRequestException("segments", "applies to video (expand \"hls\", \"dash\" or \"auto\"), not to sitemaps");
        }
        Expansion.Part part = part(body.get("part"));
        if (part != null) {
            part.documents().keySet().stream().filter(u -> !urls.contains(u)).findFirst().ifPresent(u -> {
                throw new InvalidRequestException("part.documents", u + " is not in url_list; a part's documents are among its URLs");
            });
        }
        return new PrewarmRequest(urls, cfDomain, protocol, targetType, region, headers, encodings, timeout, chunkIndex, chunkCount, pops,
                callbackUrl, retryOf, verify, maxRate, expand, expandHosts, expandLimit, segments, part);
    }

    private String callbackUrl(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new InvalidRequestException("callback_url", "must be an http:// or https:// URL, got " + node);
        }
        String url = node.asText().trim();
        if (url.length() > UrlRules.MAX_LENGTH) {
            throw new InvalidRequestException("callback_url", "is longer than " + UrlRules.MAX_LENGTH + " characters");
        }
        webhooks.problem(url).ifPresent(problem -> {
            throw new InvalidRequestException("callback_url", problem);
        });
        return url;
    }

    private static List<String> expandHosts(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() > Expansion.MAX_EXPAND_HOSTS) {
            throw new InvalidRequestException("expand_hosts", "must be a list of at most " + Expansion.MAX_EXPAND_HOSTS + " host names");
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String host = node.get(i).isTextual() ? node.get(i).asText().trim().toLowerCase(Locale.ROOT) : "";
            if (UrlRules.problem("http://" + host + "/").isPresent() || host.contains("/") || host.contains(":") || host.contains("@")) {
                throw new InvalidRequestException("expand_hosts[" + i + "]", "must be a host name like media.example.com, got " + node.get(i));
            }
            hosts.add(host);
        }
        return List.copyOf(hosts);
    }

    private static Expansion.Segments segments(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || node.size() != 1 || !(node.has("first_seconds") || node.has("first_segments"))) {
            throw new InvalidRequestException("segments", "must be {\"first_seconds\": N} or {\"first_segments\": N}, got " + node);
        }
        Integer seconds = JsonFields.optionalInt(node.get("first_seconds"), "segments.first_seconds", 1, Expansion.MAX_SEGMENT_SECONDS);
        Integer count = JsonFields.optionalInt(node.get("first_segments"), "segments.first_segments", 1, Expansion.MAX_SEGMENTS);
        if (seconds == null && count == null) {
            throw new InvalidRequestException(node.has("first_seconds") ? "segments.first_seconds" : "segments.first_segments",
                    "must be a whole number, got null");
        }
        return new Expansion.Segments(seconds, count);
    }

    private static Expansion.Part part(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            Expansion.Part part = Json.MAPPER.treeToValue(node, Expansion.Part.class);
            if (part.document() == null || part.index() < 0) {
                throw new InvalidRequestException("part", "must name its document and a part index from 0");
            }
            part.documents().forEach((url, kind) -> {
                if (!Expansion.expands(kind) || kind.equals("auto") || !Expansion.KINDS.contains(kind)) {
                    throw new InvalidRequestException("part.documents", "kind of " + url + " must be sitemap, hls or dash, got " + kind);
                }
            });
            return part;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("part", "not a document part (" + e.getOriginalMessage() + ")");
        }
    }

    private static String retryOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !RequestIds.isValid(node.asText())) {
            throw new InvalidRequestException("retry_of", "must be the requestID of the job retried, got " + node);
        }
        return node.asText();
    }

    private List<String> urls(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("url_list", "is required: a non-empty list of http(s) URLs");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidRequestException("url_list", "must be a non-empty list of http(s) URLs");
        }
        if (node.size() > maxUrls) {
            throw new RequestTooLargeException("url_list: " + node.size() + " URLs is more than the limit of " + maxUrls);
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            distinct.add(url("url_list[" + i + "]", node.get(i)));
        }
        return List.copyOf(distinct);
    }

    static String url(String field, JsonNode node) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new InvalidRequestException(field, "must be a non-empty string URL");
        }
        String text = node.asText().trim();
        if (text.contains("{host}")) {
            throw new InvalidRequestException(field, "still has the placeholder {host} of the API's example; put your site's host name there");
        }
        UrlRules.problem(text).ifPresent(problem -> {
            throw new InvalidRequestException(field, problem);
        });
        return text;
    }

    private static String cfDomain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isTextual() ? node.asText().trim().toLowerCase(Locale.ROOT) : "";
        if (!Distribution.isDomain(text)) {
            throw new InvalidRequestException("cf_domain", "must look like d111111abcdef8.cloudfront.net, got " + node);
        }
        return text;
    }

    private static List<String> encodings(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of(Task.DEFAULT_ACCEPT_ENCODING);
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_ENCODINGS) {
            throw new InvalidRequestException("encodings", "must be a list of 1 to " + MAX_ENCODINGS + " Accept-Encoding values (\"\" for none)");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String value = node.get(i).isTextual() ? node.get(i).asText().trim() : null;
            if (!HeaderRules.isAcceptEncoding(value)) {
                throw new InvalidRequestException("encodings[" + i + "]", "must be an Accept-Encoding value like \"gzip\", \"br\" or \"\", got " + node.get(i));
            }
            out.add(value);
        }
        return List.copyOf(out);
    }

    private static String protocol(JsonNode node) {
        if (node == null || node.isNull()) {
            return "http";
        }
        return JsonFields.oneOf("protocol", node, UrlRules.PROTOCOLS);
    }
}
