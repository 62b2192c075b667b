package io.prewarm.expander;

import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.RequestValidator;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;

/** Runs the expander topology as a Kafka Streams app. */
public final class ExpanderApp {
    private ExpanderApp() {
    }

    public static KafkaStreams create(ExpanderConfig config) {
        RequestValidator validator = new RequestValidator(PopCatalog.load(config.popCatalog()), config.maxUrls());
        Properties props = new Properties();
        props.putAll(KafkaSettings.streams(ExpanderConfig.APPLICATION_ID, config.bootstrapServers(), config.stateDir().toString()));
        return new KafkaStreams(ExpanderTopology.build(validator, config.requestTimeout()), props);
    }

    public static void main(String[] args) {
        KafkaStreams streams = create(ExpanderConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close, "expander-shutdown"));
        streams.start();
    }
}
