package io.prewarm.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The readiness of this process as a set of named checks: ready only when every check passes. A
 * check that throws counts as failed (with the exception as its detail) rather than failing the
 * probe itself, so {@code /health/ready} always answers with the full picture.
 */
public final class Readiness {
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();

    /** Adds a check under {@code name}, the key it has in the probe's JSON. */
    public Readiness add(String name, HealthCheck check) {
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("a readiness check named " + name + " exists already");
        }
        return this;
    }

    public Report evaluate() {
        Map<String, String> details = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, HealthCheck> c : checks.entrySet()) {
            HealthCheck.Result r;
            try {
                r = c.getValue().check();
            } catch (RuntimeException e) {
                r = HealthCheck.Result.down("check failed: " + e);
            }
            up &= r.up();
            details.put(c.getKey(), r.detail());
        }
        return new Report(up, Collections.unmodifiableMap(details));
    }

    /** The outcome of all checks, in the order they were added. */
    public record Report(boolean up, Map<String, String> checks) {
        public String status() {
            return up ? "UP" : "DOWN";
        }
    }
}
