package io.prewarm.status;

import io.prewarm.contract.KafkaSettings;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the status store's Streams app, advertising this process's HTTP endpoint for forwarding. */
public final class StatusApp {
    private static final Logger LOG = LoggerFactory.getLogger(StatusApp.class);

    private StatusApp() {
    }

    public static KafkaStreams create(StatusConfig config, int httpPort) {
        Properties props = new Properties();
        props.putAll(KafkaSettings.streams(StatusConfig.APPLICATION_ID, config.bootstrapServers(), config.stateDir().toString()));
        props.put("application.server", config.advertisedHost() + ":" + httpPort);
        // Queries read the stores directly, so a longer commit interval costs no freshness; it
        // lets the store caches fold many updates of a job's header and URLs into one changelog write.
        props.put("commit.interval.ms", 1000);
        KafkaStreams streams = new KafkaStreams(StatusTopology.build(config.topology()), props);
        streams.setStateListener((now, before) -> LOG.info("status store {} -> {}", before, now));
        return streams;
    }
}
