package io.prewarm.contract;

/** The request is well formed but bigger than this deployment accepts (HTTP 413). */
public final class RequestTooLargeException extends RuntimeException {
    public RequestTooLargeException(String message) {
        super(message);
    }
}
