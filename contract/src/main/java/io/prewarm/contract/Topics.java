package io.prewarm.contract;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline. {@code prewarm.requests} is public (other systems produce to it);
 * the others are the pipeline's own, written in the compact format ({@link CompactSerde}: Smile,
 * reading the JSON of earlier versions too), their tasks and results in batches. Jobs and results are both keyed by requestID and must have
 * the same partition count, because the status store joins them without repartitioning.
 */
public final class Topics {
    public static final Topic<String, String> REQUESTS = new Topic<>("prewarm.requests", Serdes.String(), Serdes.String());
    public static final Topic<String, String> REQUESTS_DLQ = new Topic<>("prewarm.requests.dlq", Serdes.String(), Serdes.String());
    public static final Topic<String, Job> JOBS = new Topic<>("prewarm.jobs", Serdes.String(), CompactSerde.of(Job.class));
    public static final Topic<String, TaskBatch> TASKS = new Topic<>("prewarm.tasks", Serdes.String(), CompactSerde.of(TaskBatch.class, TaskBatch::fromLegacy));
    public static final Topic<String, ResultBatch> RESULTS = new Topic<>("prewarm.results", Serdes.String(),
            CompactSerde.of(ResultBatch.class, ResultBatch::fromLegacy));

    public static final Topic<String, JobStatusEvent> STATUS = new Topic<>("prewarm.status", Serdes.String(), new JsonSerde<>(JobStatusEvent.class));
    /**
     * The CANCELLED events again, on a topic of their own that every warmer reads whole (not as a
     * group) to stop sending the cancelled jobs' tasks: small, since only cancelled jobs are on it.
     */
    public static final Topic<String, JobStatusEvent> CANCELS = new Topic<>("prewarm.cancels", Serdes.String(), new JsonSerde<>(JobStatusEvent.class));

    public static final List<String> ALL = List.of(REQUESTS.name(), REQUESTS_DLQ.name(), JOBS.name(), TASKS.name(), RESULTS.name(), STATUS.name(),
            CANCELS.name());

    private Topics() {
    }
}
