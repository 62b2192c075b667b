package io.prewarm.web;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One thing a process needs in order to be ready (Kafka reachable, a Streams app RUNNING), asked
 * by {@link Readiness} on every {@code GET /health/ready}. A check answers with a short detail for
 * the probe's JSON either way, so an operator reading a 503 sees which check failed and why.
 */
@FunctionalInterface
public interface HealthCheck {

    Result check();

    /** Whether the check passed, and a short detail ("RUNNING", "unreachable: ..."). */
    record Result(boolean up, String detail) {
        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }

    /** Up while {@code state} is {@code expected} (compared by name); the detail is the state. */
    static HealthCheck stateIs(Supplier<?> state, String expected) {
        return () -> {
            String now = String.valueOf(state.get());
            return new Result(now.equals(expected), now);
        };
    }

    /**
     * This check, answered from its last result while that is younger than {@code ttl}: probes
     * stay cheap however often they come, and concurrent ones share one evaluation.
     */
    static HealthCheck cached(HealthCheck check, Duration ttl, LongSupplier nanos) {
        return new HealthCheck() {
            private Result last;
            private long at;

            @Override
            public synchronized Result check() {
                long now = nanos.getAsLong();
                if (last == null || now - at >= ttl.toNanos()) {
                    last = check.check();
                    at = now;
                }
                return last;
            }
        };
    }
}
