package io.prewarm.web;

import io.prewarm.contract.Env;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Who may call the API and how often, read from the environment: {@code PREWARM_API_KEYS} (comma
 * list; unset or empty means no key is required) and {@code PREWARM_RATE_LIMIT} (requests per
 * minute per key, or per client address without keys, on {@code POST /prewarm}; 0 means unlimited).
 * {@link #toString()} names how many keys there are, never the keys, so the config can be logged.
 */
public record AccessConfig(List<String> apiKeys, int rateLimitPerMinute) {
    static final String KEYS = "PREWARM_API_KEYS";
    static final String RATE_LIMIT = "PREWARM_RATE_LIMIT";

    public AccessConfig {
        apiKeys = List.copyOf(apiKeys);
        if (apiKeys.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(KEYS + " must not contain a blank key");
        }
        if (rateLimitPerMinute < 0 || rateLimitPerMinute > RateLimiter.MAX_PER_MINUTE) {
            throw new IllegalArgumentException(RATE_LIMIT + " must be 0 (unlimited) to " + RateLimiter.MAX_PER_MINUTE
                    + " requests per minute, got " + rateLimitPerMinute);
        }
    }

    public static AccessConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        List<String> keys = Arrays.stream(env.get(KEYS, "").split(","))
                .map(String::trim).filter(k -> !k.isEmpty()).distinct().toList();
        return new AccessConfig(keys, env.integer(RATE_LIMIT, 0));
    }

    public boolean keysRequired() {
        return !apiKeys.isEmpty();
    }

    public boolean rateLimited() {
        return rateLimitPerMinute > 0;
    }

    @Override
    public String toString() {
        return "AccessConfig[apiKeys=" + apiKeys.size() + " configured, rateLimitPerMinute=" + rateLimitPerMinute + "]";
    }
}
