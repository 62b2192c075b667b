package io.prewarm.documents;

/**
 * Why a document could not be read: malformed, over the size bound, of another type than asked,
 * or not countable within the limits. Its message is meant for a job's {@code detail} as it is
 * ("malformed sitemap at line 3, column 7: ..."), so it names what was wrong and where when that
 * is cheap to know. Unchecked: a reader has nothing to recover, the caller fails the entry.
 */
public final class DocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DocumentException(String message) {
        super(message);
    }

    public DocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
