package io.prewarm.contract;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every role runs its Kafka Streams app: a stream thread that dies of something unexpected (a
 * broker away longer than {@code task.timeout.ms}, say) is replaced instead of taking the whole client
 * down; state changes are logged; closing leaves the group, so a restarted or replacement instance gets
 * the partitions at once instead of after the session timeout.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;

    private StreamsRunner(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Creates and starts the app; {@code name} ("status", "expander") prefixes its log lines. */
    public static StreamsRunner start(String name, Topology topology, Properties props) {
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setStateListener((now, before) -> LOG.info("{}: streams {} -> {}", name, before, now));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("{}: stream thread failed, replacing it: {}", name, e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        return new StreamsRunner(streams);
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT));
    }
}
