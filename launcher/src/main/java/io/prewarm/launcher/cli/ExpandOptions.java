package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The expansion options of {@code ./prewarm submit} (issue 16): {@code --sitemap URL}, {@code --hls URL} and
 * {@code --dash URL} name the documents themselves, a shorthand for a body with those URLs and {@code expand};
 * {@code --expand KIND} makes every URL of the file a document; {@code --expand-limit}, {@code --expand-host}
 * and {@code --segments} bound what the documents grow the job to. Only what the command line alone can get
 * wrong is checked here (one kind of document per job, a shorthand against another {@code --expand}, the form of
 * {@code --segments}); the values are the server's to judge, in a 400 naming the field.
 *
 * @param kind      the request's {@code expand}, when given or implied by a shorthand
 * @param documents the URLs the shorthand named, each as given (a URL may hold a comma); empty without one
 * @param limit     {@code expand_limit}: the most URLs the job may grow to
 * @param hosts     {@code expand_hosts}: hosts besides each document's own whose URLs are kept
 * @param segments  {@code segments}, for video
 */
record ExpandOptions(Optional<String> kind, List<String> documents, Optional<Long> limit, List<String> hosts, Optional<Segments> segments) {
    /** The shorthands, each with the {@code expand} it means. */
    static final Map<String, String> SHORTHANDS = Map.of("--sitemap", "sitemap", "--hls", "hls", "--dash", "dash");
    static final Set<String> VALUED = Set.of("--sitemap", "--hls", "--dash", "--expand", "--expand-limit", "--expand-host", "--segments");

    /**
     * How much of each rendition is warmed: the first {@code value} seconds ({@code --segments 60s}) or
     * segments ({@code --segments 10}).
     */
    record Segments(boolean seconds, long value) {
        String field() {
            return seconds ? "first_seconds" : "first_segments";
        }
    }

    static ExpandOptions from(Args args) {
        List<String> shorthands = List.of("--sitemap", "--hls", "--dash").stream().filter(args::has).toList();
        if (shorthands.size() > 1) {
            throw Args.usage("give one kind of document per job, not " + String.join(" and ", shorthands)
                    + "; for a mix, list the URLs in a file and give --expand auto");
        }
        Optional<String> kind = args.one("--expand").map(String::strip);
        List<String> documents = List.of();
        if (!shorthands.isEmpty()) {
            String shorthand = shorthands.get(0);
            String implied = SHORTHANDS.get(shorthand);
            if (kind.isPresent() && !kind.get().equals(implied)) {
                throw Args.usage(shorthand + " already means --expand " + implied + ", not --expand " + kind.get());
            }
            kind = Optional.of(implied);
            documents = args.each(shorthand);
            if (documents.isEmpty()) {
                throw Args.usage(shorthand + " needs a URL");
            }
        }
        return new ExpandOptions(kind, documents, limit(args), args.list("--expand-host"), segments(args));
    }

    /** A whole number is all the CLI asks of {@code --expand-limit}; its range is the server's to say. */
    private static Optional<Long> limit(Args args) {
        Optional<String> given = args.one("--expand-limit").map(String::strip);
        if (given.isPresent() && !given.get().matches("[0-9]{1,18}")) {
            throw Args.usage("--expand-limit is a whole number of URLs, not '" + given.get() + "'");
        }
        return given.map(Long::parseLong);
    }

    private static Optional<Segments> segments(Args args) {
        Optional<String> given = args.one("--segments").map(String::strip);
        if (given.isPresent() && !given.get().matches("[0-9]{1,18}s?")) {
            throw Args.usage("--segments is N (the first N segments of each rendition) or Ns (its first N seconds), not '" + given.get() + "'");
        }
        return given.map(g -> g.endsWith("s") ? new Segments(true, Long.parseLong(g.substring(0, g.length() - 1)))
                : new Segments(false, Long.parseLong(g)));
    }

    /** Whether the job's URLs are documents to read. */
    boolean expands() {
        return kind.isPresent() && !kind.get().equals("none");
    }

    /** Adds {@code expand}, {@code expand_limit}, {@code expand_hosts} and {@code segments} to {@code body}, those given. */
    void writeTo(ObjectNode body) {
        kind.ifPresent(k -> body.put("expand", k));
        limit.ifPresent(l -> body.put("expand_limit", l));
        if (!hosts.isEmpty()) {
            hosts.forEach(body.putArray("expand_hosts")::add);
        }
        segments.ifPresent(s -> body.putObject("segments").put(s.field(), s.value()));
    }
}
