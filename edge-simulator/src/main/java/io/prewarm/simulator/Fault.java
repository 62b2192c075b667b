package io.prewarm.simulator;

import java.util.Objects;

/**
 * A misbehaviour the simulator plays instead of a normal 200, so tests can check how the warmer
 * copes with an edge that errs, redirects or never answers. Faults are values: the simulator
 * decides per request which one applies (see {@link EdgeSimulator#fault}).
 */
public sealed interface Fault permits Fault.Status, Fault.Redirect, Fault.Stall {

    /** Answer with this status and an empty body. */
    static Fault status(int code) {
        return new Status(code);
    }

    /** Answer 302 with this {@code Location}. */
    static Fault redirect(String location) {
        return new Redirect(location);
    }

    /** Never answer: the request is held until the client gives up or the simulator closes. */
    static Fault stall() {
        return new Stall();
    }

    /** An empty-bodied answer with {@code code}. */
    record Status(int code) implements Fault {
        public Status {
            if (code < 200 || code > 599) {
                throw new IllegalArgumentException("status must be 200..599, got " + code);
            }
        }
    }

    /** A 302 pointing at {@code location}. */
    record Redirect(String location) implements Fault {
        public Redirect {
            Objects.requireNonNull(location, "location");
        }
    }

    /** No answer at all. */
    record Stall() implements Fault {
    }
}
