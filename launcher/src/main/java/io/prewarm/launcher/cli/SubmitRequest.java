package io.prewarm.launcher.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prewarm.contract.Json;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@code ./prewarm submit} was asked to send, checked for what only the command line can get
 * wrong (one target kind, a single "all", the protocol, {@code --verify} against {@code --no-verify}, a URL file or
 * documents named with {@code --sitemap}, {@code --hls} or {@code --dash} but not both: {@link ExpandOptions}) and turned into the
 * {@code POST /prewarm} body. Values themselves (PoP ids, region names, the domain, the callback URL) are left to the server, whose 400
 * message names the field, so the CLI never disagrees with the API about what is valid.
 *
 * @param source      the URL file, or {@code -} for stdin; empty when the documents were named on the command line
 * @param targets     the PoPs, regions or countries; empty for "all"
 * @param callbackUrl where the server POSTs the job's final status (signed; the server checks the address)
 * @param verify      {@code --verify} / {@code --no-verify}; empty sends nothing, so the warmers' {@code PREWARM_VERIFY} decides
 * @param maxRate     {@code --max-rate}: requests per second the job may send to the edge (the server checks the range)
 * @param expansion   what of the job is documents to read, and the limits of their expansion
 */
record SubmitRequest(Optional<String> source, Optional<String> cfDomain, String targetType, List<String> targets, Optional<String> protocol,
                     Optional<String> callbackUrl, Optional<Boolean> verify, Optional<Long> maxRate, ExpandOptions expansion) {
    static final Set<String> VALUED = Stream.concat(Stream.of("--cf-domain", "--pop", "--region", "--country", "--protocol", "--callback-url",
            "--server", "--api-key", "--max-rate"), ExpandOptions.VALUED.stream()).collect(Collectors.toUnmodifiableSet());
    static final Set<String> FLAGS = Set.of("--no-follow", "--verify", "--no-verify");
    private static final List<String> KINDS = List.of("pop", "region", "country");

    static SubmitRequest from(Args args) {
        List<String> kinds = KINDS.stream().filter(k -> args.has("--" + k)).toList();
        if (kinds.size() != 1) {
            throw Args.usage(kinds.isEmpty() ? "say where to warm: --pop, --region or --country"
                    : "give one target kind, not " + String.join(" and ", kinds.stream().map(k -> "--" + k).toList()));
        }
        String kind = kinds.get(0);
        List<String> targets = args.list("--" + kind);
        if (targets.isEmpty()) {
            throw Args.usage("--" + kind + " needs at least one value");
        }
        if (targets.stream().anyMatch(t -> t.equalsIgnoreCase("all"))) {
            if (targets.size() > 1) {
                throw Args.usage("--" + kind + " all stands alone; it already means every " + kind);
            }
            targets = List.of();
        }
        Optional<String> protocol = args.one("--protocol").map(String::strip);
        if (protocol.isPresent() && !protocol.get().equals("http") && !protocol.get().equals("https")) {
            throw Args.usage("--protocol is http or https, not '" + protocol.get() + "'");
        }
        ExpandOptions expansion = ExpandOptions.from(args);
        return new SubmitRequest(source(args.operands(), expansion), args.one("--cf-domain").map(String::strip), kind, targets, protocol,
                args.one("--callback-url").map(String::strip), verify(args), maxRate(args), expansion);
    }

    /** The one URL file, unless {@code --sitemap}, {@code --hls} or {@code --dash} named the documents: then none. */
    private static Optional<String> source(List<String> operands, ExpandOptions expansion) {
        if (!expansion.documents().isEmpty()) {
            if (!operands.isEmpty()) {
                throw Args.usage("--" + expansion.kind().orElseThrow() + " names the documents; give no URL file as well, not "
                        + String.join(" ", operands));
            }
            return Optional.empty();
        }
        if (operands.size() != 1) {
            throw Args.usage(operands.isEmpty() ? "give the URL file, or - to read URLs from stdin (or documents with --sitemap, --hls or --dash)"
                    : "give one URL file, not " + operands.size() + ": " + String.join(" ", operands));
        }
        return Optional.of(operands.get(0));
    }

    /** The URLs to send: the documents the command line named, else those of the file (or stdin). */
    List<String> urls(InputStream stdin) {
        return source.map(s -> UrlSource.read(s, stdin)).orElse(expansion.documents());
    }

    private static Optional<Boolean> verify(Args args) {
        if (args.flag("--verify") && args.flag("--no-verify")) {
            throw Args.usage("give --verify or --no-verify, not both");
        }
        return args.flag("--verify") ? Optional.of(true) : args.flag("--no-verify") ? Optional.of(false) : Optional.empty();
    }

    /** A whole number is all the CLI asks of {@code --max-rate}: its range (1 to 100,000) is the server's to say, in its 400. */
    private static Optional<Long> maxRate(Args args) {
        Optional<String> given = args.one("--max-rate").map(String::strip);
        if (given.isPresent() && !given.get().matches("[0-9]{1,18}")) {
            throw Args.usage("--max-rate is a whole number of requests per second, not '" + given.get() + "'");
        }
        return given.map(Long::parseLong);
    }

    /** The JSON body of {@code POST /prewarm} for these URLs. */
    String body(List<String> urls) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        urls.forEach(body.putArray("url_list")::add);
        cfDomain.ifPresent(d -> body.put("cf_domain", d));
        body.put("target_type", targetType);
        if (targets.isEmpty()) {
            body.put("region", "all");
        } else {
            targets.forEach(body.putArray("region")::add);
        }
        protocol.ifPresent(p -> body.put("protocol", p));
        callbackUrl.ifPresent(u -> body.put("callback_url", u));
        verify.ifPresent(v -> body.put("verify", v));
        maxRate.ifPresent(r -> body.put("max_rate", r));
        expansion.writeTo(body);
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
