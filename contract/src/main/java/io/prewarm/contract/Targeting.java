package io.prewarm.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where a request's target ({@code target_type} and {@code region}) becomes PoP ids: against the
 * catalog for a submission, or as given in a record's {@code pops} (only each id's shape checked).
 * Each PoP once, in the order first named.
 */
final class Targeting {
    private final PopCatalog catalog;

    Targeting(PopCatalog catalog) {
        this.catalog = catalog;
    }

    List<String> resolve(String targetType, List<String> region) {
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
            throw new InvalidRequestException("region", "unknown value(s) " + bad.stream().map(UrlRules::quote).toList()
                    + "; allowed: \"all\" or " + allowed);
        }
        return List.copyOf(pops);
    }

    /** The PoP ids a record was published with: each well-shaped, each once. */
    static List<String> popIds(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidRequestException("pops", "must be a non-empty list of PoP ids like ATL56-C1");
        }
        Set<String> pops = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String id = node.get(i).isTextual() ? node.get(i).asText() : "";
            if (!PopCatalog.POP_ID.matcher(id).matches()) {
                throw new InvalidRequestException("pops[" + i + "]", "must be a PoP id like ATL56-C1, got " + node.get(i));
            }
            pops.add(id);
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
}
