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

    /**
     * The {@code target_type} of a request that gave none (the first seed's shape, where {@code region}
     * alone says it): all PoP ids: {@code pop}; region codes or "all": {@code region}; country names:
     * {@code country}; a mix is refused naming {@code target_type}, values of no kind naming {@code region}.
     */
    String inferType(List<String> region) {
        Set<String> kinds = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (String value : region) {
            if (value.equalsIgnoreCase(PopCatalog.ALL)) {
                continue;
            }
            if (catalog.region(lower(value)).isPresent()) {
                kinds.add("region");
            } else if (popId(value) != null) {
                kinds.add("pop");
            } else if (catalog.country(lower(value)).isPresent()) {
                kinds.add("country");
            } else {
                unknown.add(value);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("region", "unknown value(s) " + unknown.stream().map(UrlRules::quote).toList()
                    + "; allowed: \"all\", PoP ids like ATL56-C1, region codes " + catalog.regionCodes() + " or countries " + catalog.countryNames());
        }
        if (kinds.size() > 1) {
            throw new InvalidRequestException("target_type", "is needed: region mixes " + String.join(" and ", kinds.stream().map(k -> k.equals("pop")
                    ? "PoP ids" : k.equals("region") ? "region codes" : "countries").toList()) + "; set target_type to \"pop\", \"region\" or "
                    + "\"country\" and give values of that kind");
        }
        return kinds.isEmpty() ? "region" : kinds.iterator().next();
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
