package io.prewarm.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The single place that decides whether a prewarm request is acceptable, used by the REST API and
 * again by the expander for records that other systems produce directly. Every rejection is an
 * {@link InvalidRequestException} naming the field, never a parsing stack trace.
 */
public final class RequestValidator {
    public static final int MAX_URL_LENGTH = 4096;
    private static final Pattern CF_DOMAIN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}\\.cloudfront\\.net");
    private static final Set<String> FIELDS = Set.of("url_list", "cf_domain", "protocol", "target_type", "region", "headers", "encodings",
            "timeout_minutes", "chunk_index", "chunk_count");
    public static final int MAX_TIMEOUT_MINUTES = 7 * 24 * 60;
    public static final int MAX_CHUNKS = 10_000;
    public static final int MAX_ENCODINGS = 8;
    private static final Pattern ACCEPT_ENCODING = Pattern.compile("[A-Za-z0-9*,;=. -]{0,200}");
    private static final List<String> TARGET_TYPES = List.of("pop", "region", "country");

    /** Trailing content after the object and repeated keys are mistakes, not something to guess around. */
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final PopCatalog catalog;
    private final int maxUrls;

    public RequestValidator(PopCatalog catalog, int maxUrls) {
        this.catalog = catalog;
        this.maxUrls = maxUrls;
    }

    public ValidatedRequest validate(String json) {
        if (json.isBlank()) {
            throw new InvalidRequestException("body", "is empty; send a JSON object");
        }
        JsonNode body;
        try {
            body = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw duplicateField(e).map(field -> new InvalidRequestException(field, "appears more than once; give each field once"))
                    .orElseGet(() -> new InvalidRequestException("body", "not valid JSON (" + e.getOriginalMessage() + ")"));
        }
        return validate(body);
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

    public ValidatedRequest validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        Set<String> unknown = new TreeSet<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException(unknown.iterator().next(), "unknown field; allowed fields are " + new TreeSet<>(FIELDS));
        }
        List<String> urls = urls(body.get("url_list"));
        String cfDomain = cfDomain(body.get("cf_domain"));
        Map<String, String> headers = ExtraHeaders.validate(body.get("headers"));
        List<String> encodings = encodings(body.get("encodings"));
        String protocol = protocol(body.get("protocol"));
        String targetType = oneOf("target_type", body.get("target_type"), TARGET_TYPES);
        List<String> region = stringList("region", body.get("region"));
        List<String> pops = resolvePops(targetType, region);
        Integer timeout = optionalInt(body.get("timeout_minutes"), "timeout_minutes", 1, MAX_TIMEOUT_MINUTES);
        Integer chunkCount = optionalInt(body.get("chunk_count"), "chunk_count", 1, MAX_CHUNKS);
        Integer chunkIndex = optionalInt(body.get("chunk_index"), "chunk_index", 0, MAX_CHUNKS - 1);
        if ((chunkCount == null) != (chunkIndex == null) || (chunkCount != null && chunkIndex >= chunkCount)) {
            throw new InvalidRequestException("chunk_index", "chunk_index and chunk_count go together, with 0 <= chunk_index < chunk_count");
        }
        return new ValidatedRequest(new PrewarmRequest(urls, cfDomain, protocol, targetType, region, headers, encodings, timeout,
                chunkIndex, chunkCount), pops);
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
        if (text.length() > MAX_URL_LENGTH) {
            throw new InvalidRequestException(field, "is longer than " + MAX_URL_LENGTH + " characters");
        }
        if (PlainUrl.isPlain(text)) {
            return text; // the common case, without a java.net.URI parse
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
            // a lone surrogate escape: no URL can carry it, and the UTF-8 serializer on the way to Kafka would fail on it
            throw new InvalidRequestException(field, "contains an unpaired UTF-16 surrogate (a lone \\uD800-\\uDFFF escape)");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidRequestException(field, "is not a valid URL (" + e.getReason() + "): " + quote(text));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidRequestException(field, "must be an absolute http:// or https:// URL: " + quote(text));
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidRequestException(field, "must not contain user info: " + quote(text));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidRequestException(field, "has no host: " + quote(text));
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidRequestException(field, "must not contain a #fragment (it is never sent to a CDN): " + quote(text));
        }
        return text;
    }

    private static String cfDomain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isTextual() ? node.asText().trim().toLowerCase(Locale.ROOT) : "";
        if (!CF_DOMAIN.matcher(text).matches()) {
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
            if (value == null || !ACCEPT_ENCODING.matcher(value).matches()) {
                throw new InvalidRequestException("encodings[" + i + "]", "must be an Accept-Encoding value like \"gzip\", \"br\" or \"\", got " + node.get(i));
            }
            out.add(value);
        }
        return List.copyOf(out);
    }

    private static Integer optionalInt(JsonNode node, String field, int min, int max) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            throw new InvalidRequestException(field, "must be a whole number from " + min + " to " + max + ", got " + node);
        }
        return node.asInt();
    }

    private static String protocol(JsonNode node) {
        if (node == null || node.isNull()) {
            return "http";
        }
        return oneOf("protocol", node, List.of("http", "https"));
    }

    private static String oneOf(String field, JsonNode node, List<String> allowed) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field, "is required; one of " + allowed);
        }
        String text = node.isTextual() ? node.asText().trim().toLowerCase(Locale.ROOT) : "";
        if (!allowed.contains(text)) {
            throw new InvalidRequestException(field, "must be one of " + allowed + ", got " + node);
        }
        return text;
    }

    private static List<String> stringList(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field, "is required: \"all\" or a non-empty list");
        }
        if (node.isTextual()) {
            return List.of(node.asText().trim());
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidRequestException(field, "must be \"all\" or a non-empty list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
                throw new InvalidRequestException(field + "[" + i + "]", "must be a non-empty string");
            }
            out.add(node.get(i).asText().trim());
        }
        return out;
    }

    private List<String> resolvePops(String targetType, List<String> region) {
        return switch (targetType) {
            case "pop" -> resolve(region, catalog::allRegionPops, this::popId, "PoP ids like ATL56-C1");
            case "region" -> resolve(region, catalog::allRegionPops, code -> catalog.region(lower(code)).orElse(null), "region codes " + catalog.regionCodes());
            default -> resolve(region, catalog::allCountryPops, name -> catalog.country(lower(name)).orElse(null), "countries " + catalog.countryNames());
        };
    }

    private List<String> resolve(List<String> values, Supplier<List<String>> all,
                                 Function<String, List<String>> one, String allowed) {
        Set<String> pops = new LinkedHashSet<>();
        Set<String> bad = new TreeSet<>();
        for (String value : values) {
            if (value.equalsIgnoreCase(PopCatalog.ALL)) {
                pops.addAll(all.get());
                continue;
            }
            List<String> resolved = one.apply(value);
            if (resolved == null) {
                bad.add(value);
            } else {
                pops.addAll(resolved);
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidRequestException("region", "unknown value(s) " + bad.stream().map(RequestValidator::quote).toList()
                    + "; allowed: \"all\" or " + allowed);
        }
        return List.copyOf(pops);
    }

    private List<String> popId(String value) {
        String id = value.toUpperCase(Locale.ROOT);
        return PopCatalog.POP_ID.matcher(id).matches() ? List.of(id) : null;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static String quote(String s) {
        String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return '"' + shown + '"';
    }
}
