package io.prewarm.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A misbehaviour the simulator plays instead of a normal 200, so tests can check how the warmer
 * copes with an edge that errs, sheds load, redirects, never answers or hangs up. Faults are
 * values: the simulator decides per request which one applies (see {@link EdgeSimulator#fault}).
 */
public sealed interface Fault permits Fault.Status, Fault.Redirect, Fault.Stall, Fault.Drop {

    /** Answer with this status and an empty body. */
    static Status status(int code) {
        return new Status(code, Map.of());
    }

    /** Answer with this status, these headers (e.g. {@code Retry-After}) and an empty body. */
    static Status status(int code, Map<String, String> headers) {
        return new Status(code, headers);
    }

    /** An overloaded edge: {@code code} (429, 503) with {@code Retry-After} in whole seconds. */
    static Status retryAfter(int code, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Retry-After must not be negative: " + delay);
        }
        return status(code).withHeader("Retry-After", Long.toString(delay.toSeconds()));
    }

    /** An overloaded edge: {@code code} (429, 503) with {@code Retry-After} as an HTTP-date. */
    static Status retryAfter(int code, Instant at) {
        return status(code).withHeader("Retry-After", Responses.HTTP_DATE.format(at));
    }

    /** Answer 302 with this {@code Location}. */
    static Fault redirect(String location) {
        return new Redirect(location);
    }

    /** Never answer: the request is held until the client gives up or the simulator closes. */
    static Fault stall() {
        return new Stall();
    }

    /**
     * Hang up as soon as the request head has arrived, without a byte of answer: the TCP
     * connection is reset (SO_LINGER 0, so an RST rather than a FIN; over HTTPS beneath TLS, with
     * no close_notify). The request is recorded. A plain socket's read throws
     * {@code SocketException: Connection reset}; {@code java.net.http} resends a GET once on its own
     * (two requests recorded) and then fails with {@code IOException: HTTP/1.1 header parser
     * received no bytes}; Apache HttpClient 5 with automatic retries off fails the exchange with
     * an {@code IOException} (a reset or a closed connection, depending on how the read races the RST).
     */
    static Fault drop() {
        return new Drop();
    }

    /** An empty-bodied answer with {@code code} and extra {@code headers}. */
    record Status(int code, Map<String, String> headers) implements Fault {
        public Status {
            if (code < 200 || code > 599) {
                throw new IllegalArgumentException("status must be 200..599, got " + code);
            }
            headers = Map.copyOf(headers);
        }

        public Status(int code) {
            this(code, Map.of());
        }

        /** This answer with one more header (replacing one of the same name). */
        public Status withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return new Status(code, more);
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

    /** The connection cut without an answer. */
    record Drop() implements Fault {
    }
}
