package io.prewarm.expander;

import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.RequestValidator;
import io.prewarm.contract.StreamsRunner;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;

/** The expander role: its topology run as a Kafka Streams app. The one way to start it, for the launcher and for tests. */
public final class ExpanderApp implements AutoCloseable {
    private final StreamsRunner runner;

    private ExpanderApp(StreamsRunner runner) {
        this.runner = runner;
    }

    public static ExpanderApp start(ExpanderConfig config) {
        // The catalog resolves only direct producers' records without pops: ingest publishes its resolved PoPs.
        RequestValidator validator = new RequestValidator(PopCatalog.load(config.popCatalog()), config.maxUrls(), config.webhooks());
        Properties props = new Properties();
        props.putAll(KafkaSettings.streams(ExpanderConfig.APPLICATION_ID, config.bootstrapServers(), config.stateDir().toString(), config.cluster()));
        return new ExpanderApp(StreamsRunner.start("expander", ExpanderTopology.build(validator, config.requestTimeout(), config.maxUrls(),
                config.retention()), props));
    }

    public KafkaStreams streams() {
        return runner.streams();
    }

    @Override
    public void close() {
        runner.close();
    }
}
