package io.prewarm.status.fold;

/**
 * What a job's header knows of its documents (issue 16): how many were named, read and failed, how
 * many announced parts are still to come, what the readers found, and the first limit that cut the
 * expansion. Kept as sums that move by each document's change ({@link #with}), so the header
 * answers "is every document read and every part in" without reading the documents. Absent
 * (null in the header) for jobs that expand nothing.
 *
 * @param partsPending parts announced by read documents and not registered yet
 * @param truncated    which limit cut the expansion, as said by the expander ({@code expand_limit}) or a reader
 */
public record ExpansionTally(int documents, int read, int failed, int partsPending, long urlsFound, long skippedOtherHosts, String truncated) {
    static final ExpansionTally NONE = new ExpansionTally(0, 0, 0, 0, 0, 0, null);

    /** Documents neither read nor failed yet. */
    public int pending() {
        return documents - read - failed;
    }

    /** Whether every document named is read or failed and every announced part is in. */
    public boolean settled() {
        return pending() == 0 && partsPending == 0;
    }

    /** This tally with one document changed from {@code before} (null: not known yet) to {@code after}. */
    ExpansionTally with(DocumentState before, DocumentState after) {
        DocumentState b = before == null ? DocumentState.NEW : before;
        int known = before == null ? 1 : 0;
        String why = truncated != null || after.truncated() == null ? truncated : after.truncated();
        return new ExpansionTally(documents + known, read + flag(after.read() && !after.failed()) - flag(b.read() && !b.failed()),
                failed + flag(after.failed()) - flag(b.failed()), partsPending + after.partsPending() - b.partsPending(),
                urlsFound + after.found() - b.found(), skippedOtherHosts + after.skippedOtherHosts() - b.skippedOtherHosts(), why);
    }

    /**
     * This tally cut by the job's {@code expand_limit}, said by the expander on a part: it replaces what a
     * reader said, as it is the limit of the whole job.
     */
    ExpansionTally cutBy(String why) {
        return why == null || why.equals(truncated) ? this
                : new ExpansionTally(documents, read, failed, partsPending, urlsFound, skippedOtherHosts, why);
    }

    private static int flag(boolean b) {
        return b ? 1 : 0;
    }
}
