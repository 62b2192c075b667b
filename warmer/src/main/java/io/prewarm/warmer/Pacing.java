package io.prewarm.warmer;

/**
 * What holds tasks back besides the in-flight limits, shared by the consumer loop and the HTTP
 * side: the jobs' and the process's rate caps, the PoP circuits, and how many task batches may wait
 * in memory while every waiting task is held by one of them (beyond that the partitions pause).
 */
record Pacing(LocalJobs jobs, PopCircuits circuits, int maxWaitingBatches) {

    /** As the configuration says, with fresh caps and circuits. */
    static Pacing of(WarmerConfig config) {
        return new Pacing(new LocalJobs(config.maxRate()), new PopCircuits(config.popCircuits()), config.maxWaitingBatches());
    }
}
