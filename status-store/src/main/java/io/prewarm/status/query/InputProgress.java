package io.prewarm.status.query;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@link CatchUpGate} needs to know of this instance's input: which partitions its active
 * tasks read, and which of them the consumer has read to the end. A seam, so the gate's timing can
 * be tested without a broker; {@link StreamsInputProgress} answers for a running Streams app.
 */
interface InputProgress {
    /** The input partitions of this instance's active tasks. */
    Set<TopicPartition> activeInputs();

    /** The partitions whose consumer lag is known and zero (a partition without a lag figure is not among them). */
    Set<TopicPartition> readToTheEnd();
}
