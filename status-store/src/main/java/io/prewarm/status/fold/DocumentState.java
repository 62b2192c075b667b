package io.prewarm.status.fold;

import io.prewarm.contract.Expansion;

/**
 * One document of an expanded job, as {@code job-documents} holds it: named by a chunk (or a part)
 * to be read, then read with the parts its reading wrote, or failed with why. Which of its parts the
 * store registered is kept by index, so a part seen again (a document re-read after a crash) counts
 * once. A document is done when it failed, or when it was read and every part it announced is seen.
 *
 * @param kind  what it is read as: the kind its chunk named, or what the reader found ({@code auto})
 * @param read  whether its document result said it was read
 * @param parts how many parts its reading wrote (known once read)
 * @param seen  the indexes of its parts registered so far
 * @param error why it could not be read, or null
 */
public record DocumentState(String kind, boolean read, int parts, ChunkSet seen, String error, long found, long kept, long skippedOtherHosts,
                            String truncated) {
    static final DocumentState NEW = new DocumentState(null, false, 0, ChunkSet.EMPTY, null, 0, 0, 0, null);

    public DocumentState {
        seen = seen == null ? ChunkSet.EMPTY : seen;
    }

    static DocumentState named(String kind) {
        return new DocumentState(kind, false, 0, ChunkSet.EMPTY, null, 0, 0, 0, null);
    }

    public boolean failed() {
        return error != null;
    }

    /** Whether its document result came (read or failed): a later one changes nothing. */
    public boolean resulted() {
        return read || failed();
    }

    /** How many parts it announced that are not seen yet (0 before it is read, and once it failed). */
    public int partsPending() {
        return read && !failed() ? Math.max(0, parts - seen.countBelow(parts)) : 0;
    }

    public boolean done() {
        return failed() || (read && partsPending() == 0);
    }

    DocumentState withPart(int index) {
        ChunkSet next = seen.with(index);
        return next == seen ? this : new DocumentState(kind, read, parts, next, error, found, kept, skippedOtherHosts, truncated);
    }

    /** This document with its result {@code d}: read with {@code d.parts()} parts, or failed. */
    DocumentState reading(Expansion.DocumentResult d) {
        String k = d.kind() != null ? d.kind() : kind;
        return new DocumentState(k, !d.failed(), d.failed() ? 0 : Math.max(0, d.parts()), seen, d.error(), d.found(), d.kept(),
                d.skippedOtherHosts(), d.truncated());
    }
}
