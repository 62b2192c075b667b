package io.prewarm.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a job's documents are expanded into and how far (issue 16; docs/expansion.md): the request's
 * {@code expand} settings, the part records a warmer writes while it reads a document, and the
 * document results it reports. One place for the names and kinds, so ingest, the expander, the
 * warmer and the status store agree.
 */
public final class Expansion {
    /** {@code expand} values: what each {@code url_list} entry is. */
    public static final List<String> KINDS = List.of("none", "sitemap", "hls", "dash", "auto");
    /** Most URLs one part record carries: far below the record size limit however long the URLs. */
    public static final int PART_URLS = 1_000;
    public static final int MAX_EXPAND_HOSTS = 100;
    public static final int MAX_SEGMENTS = 1_000_000;
    public static final int MAX_SEGMENT_SECONDS = 7 * 24 * 3600;

    private Expansion() {
    }

    /** Whether {@code expand} asks for documents to be read ({@code null} and {@code "none"} do not). */
    public static boolean expands(String expand) {
        return expand != null && !expand.equals("none");
    }

    /** The {@code expand} value of a document type found inside another ({@code SITEMAP} -> {@code "sitemap"}). */
    public static String kindOf(String typeName) {
        return typeName.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code segments}: how much of each rendition of a video is warmed, the first N seconds or the first N
     * segments; exactly one is given. Absent: all of it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Segments(@JsonProperty("first_seconds") Integer firstSeconds, @JsonProperty("first_segments") Integer firstSegments) {
    }

    /**
     * Marks a request record a warmer wrote while reading a document of job {@code requestID}: the
     * {@code index}-th part (from 0) of what {@code document} names. {@code documents} lists the URLs
     * of the part that are documents themselves, with their kind ({@code "sitemap"}, {@code "hls"}),
     * to be read in turn; {@code deadline} is the job's (a part never extends it). Parts are named so
     * a document read twice (a warmer crashed mid-read) adds each part once.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Part(String document, int index, long deadline, Map<String, String> documents) {
        public Part {
            documents = documents == null ? Map.of() : documents;
        }

        /** The part's name within its job: the document and the index. */
        @JsonIgnore
        public String id() {
            return new PartId(document, index).id();
        }
    }

    /** A part's place in its job, and the one form of its name ({@code document#index}) that {@link Job#part} carries. */
    public record PartId(String document, int index) {
        public String id() {
            return document + "#" + index;
        }

        /** The part {@code id} names, if it is of the form {@code document#index}. */
        public static Optional<PartId> parse(String id) {
            int at = id == null ? -1 : id.lastIndexOf('#');
            if (at <= 0) {
                return Optional.empty();
            }
            try {
                int index = Integer.parseInt(id.substring(at + 1));
                return index < 0 ? Optional.empty() : Optional.of(new PartId(id.substring(0, at), index));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * A document task's outcome, on {@code prewarm.results} next to warm results: how many parts its
     * reading produced (the status store waits for them all), what it found, and, when it could not
     * be read, why. {@code truncated} says which limit cut it, never silently.
     *
     * @param kind  what the document was read as ({@code "sitemap"}, {@code "hls"}, {@code "dash"}), detected for {@code auto}
     * @param error null when read; else why not (HTTP 404, a parse error, over the size bound)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentResult(String url, String kind, int parts, long found, long kept, long skippedOtherHosts, String truncated,
                                 String error, long finishedAt) {
        public boolean failed() {
            return error != null;
        }
    }

    /**
     * What a document task carries besides its URL: the kind to read it as and the whole request of the
     * job's chunk without its URLs (targets, settings, expansion limits), so the parts it writes are
     * requests the expander handles like any other.
     */
    public record Read(String kind, PrewarmRequest request) {
        public Optional<Segments> segments() {
            return Optional.ofNullable(request.segments());
        }
    }
}
