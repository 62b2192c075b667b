package io.prewarm.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Region codes and countries mapped to PoP ids. Real PoP ids change over time, so this is data:
 * the bundled {@code pop-catalog.json} seeded from the original system, replaceable by an operator
 * file. "all" is the union of every list, each PoP once.
 */
public final class PopCatalog {
    /** A PoP id like ATL56-C1, IAD89-P1, PVG52-E1. */
    public static final Pattern POP_ID = Pattern.compile("[A-Z]{3}[0-9]{1,3}-[A-Z][0-9]{1,2}");
    public static final String ALL = "all";

    private final Map<String, List<String>> regions;
    private final Map<String, List<String>> countries;

    public PopCatalog(Map<String, List<String>> regions, Map<String, List<String>> countries) {
        this.regions = Collections.unmodifiableMap(new LinkedHashMap<>(regions));
        this.countries = Collections.unmodifiableMap(new LinkedHashMap<>(countries));
    }

    /** The operator's file when given, else the bundled catalog. */
    public static PopCatalog load(Optional<Path> file) {
        try {
            if (file.isPresent()) {
                try (InputStream in = Files.newInputStream(file.get())) {
                    return parse(in);
                }
            }
            try (InputStream in = PopCatalog.class.getResourceAsStream("/pop-catalog.json")) {
                return parse(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PoP catalog " + file.map(Path::toString).orElse("(bundled)"), e);
        }
    }

    static PopCatalog parse(InputStream in) throws IOException {
        JsonNode root = Json.MAPPER.readTree(in);
        return new PopCatalog(section(root, "regions"), section(root, "countries"));
    }

    private static Map<String, List<String>> section(JsonNode root, String name) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        JsonNode node = root.path(name);
        if (!node.isObject()) {
            throw new IllegalArgumentException("PoP catalog has no object '" + name + "'");
        }
        node.fields().forEachRemaining(e -> {
            List<String> pops = new ArrayList<>();
            e.getValue().forEach(p -> {
                if (!POP_ID.matcher(p.asText()).matches()) {
                    throw new IllegalArgumentException("PoP catalog " + name + "." + e.getKey() + " has a malformed PoP id: " + p);
                }
                pops.add(p.asText());
            });
            out.put(e.getKey(), List.copyOf(pops));
        });
        return out;
    }

    public Set<String> regionCodes() {
        return regions.keySet();
    }

    public Set<String> countryNames() {
        return countries.keySet();
    }

    public Optional<List<String>> region(String code) {
        return Optional.ofNullable(regions.get(code));
    }

    public Optional<List<String>> country(String name) {
        return Optional.ofNullable(countries.get(name));
    }

    public List<String> allRegionPops() {
        return union(regions.values());
    }

    public List<String> allCountryPops() {
        return union(countries.values());
    }

    private static List<String> union(Iterable<List<String>> lists) {
        Set<String> all = new LinkedHashSet<>();
        lists.forEach(all::addAll);
        return List.copyOf(all);
    }
}
