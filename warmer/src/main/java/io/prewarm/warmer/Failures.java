package io.prewarm.warmer;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.ConnectionClosedException;

/**
 * Turns the exceptions a warm request can end with into the short reasons an operator reads in
 * the status detail, and decides which of them are worth another attempt (network trouble and
 * timeouts are; a certificate that does not match never gets better by retrying).
 */
final class Failures {
    private Failures() {
    }

    static final class TaskTimeoutException extends Exception {
        TaskTimeoutException(Duration limit) {
            super("task took longer than " + limit.toSeconds() + " s", null, false, false);
        }
    }

    /** A request that was not sent, for a reason that is the whole story (the job's deadline, a PoP backed off). */
    static final class NotSentException extends Exception {
        NotSentException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Whether an answer with this status is worth another attempt: a server error, or a 429 (with its Retry-After). */
    static boolean retryable(int status) {
        return status >= 500 || status == 429;
    }

    /**
     * The overload a PoP showed by this answer or exception, as a back-off reason names it, or
     * null: HTTP 429 and 503, a refused connection, a connection dropped before any answer.
     */
    static String overload(EdgeResponse response, Throwable e) {
        if (response != null) {
            return response.status() == 429 || response.status() == 503 ? "HTTP " + response.status() : null;
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        boolean reset = e instanceof java.net.SocketException && !(e instanceof NoRouteToHostException);
        return e instanceof ConnectionClosedException || reset ? "connection dropped" : null;
    }

    static boolean retryable(Throwable e) {
        return !(e instanceof SSLException) && !(e instanceof TaskTimeoutException)
                && (e instanceof java.io.IOException || e instanceof java.util.concurrent.TimeoutException);
    }

    static String describe(Throwable e, InetAddress address, WarmerConfig config) {
        String at = address == null ? "" : " (" + address.getHostAddress() + ")";
        if (e instanceof SSLException) {
            return "TLS failure" + at + ": " + e.getMessage();
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return "cannot connect to the PoP" + at + ": " + e.getMessage();
        }
        if (e instanceof SocketTimeoutException || e instanceof java.util.concurrent.TimeoutException) {
            return "timed out" + at + (config == null ? "" : " (read idle " + config.readTimeout().toSeconds() + " s)") + ": " + e.getMessage();
        }
        if (e instanceof TaskTimeoutException) {
            return "timed out" + at + ": " + e.getMessage();
        }
        if (e instanceof NotSentException) {
            return e.getMessage();
        }
        if (e instanceof ConnectionClosedException) {
            return "the PoP closed the connection" + at + ": " + e.getMessage();
        }
        return e.getClass().getSimpleName() + at + ": " + e.getMessage();
    }
}
