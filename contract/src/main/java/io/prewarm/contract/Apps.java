package io.prewarm.contract;

/**
 * The Kafka Streams application ids of the roles: each its consumer group's name, its internal
 * topics' prefix, and, for the status store's read-your-writes check, whose progress to look at.
 */
public final class Apps {
    public static final String EXPANDER = "prewarm-expander";
    public static final String STATUS = "prewarm-status";

    private Apps() {
    }
}
