package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;

import io.prewarm.contract.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Wires one warmer: resolver, HTTP client, result producer and the task consumer loop. */
public final class WarmerApp implements AutoCloseable {
    private final EdgeResolver resolver;
    private final EdgeClient edge;
    private final KafkaProducer<String, io.prewarm.contract.WarmResult> producer;
    private final TaskConsumer tasks;
    private final Thread loop;

    public WarmerApp(WarmerConfig config) {
        resolver = new EdgeResolver(config.hostsFile().map(HostsFile::load).orElse(HostsFile.empty()), config.dnsServer());
        edge = new EdgeClient(config, resolver);
        producer = new KafkaProducer<>(KafkaSettings.producer(config.bootstrapServers()), RESULTS.keySerde().serializer(), RESULTS.valueSerde().serializer());
        tasks = new TaskConsumer(new KafkaConsumer<>(consumerProps(config), TASKS.keySerde().deserializer(), TASKS.valueSerde().deserializer()),
                producer, edge, config.maxInFlight(), config.maxPerPop());
        loop = new Thread(tasks, "warmer");
    }

    static Map<String, Object> consumerProps(WarmerConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", config.bootstrapServers());
        p.put("group.id", config.groupId());
        p.put("group.protocol", "consumer");
        p.put("enable.auto.commit", false);
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", Math.max(50, config.maxInFlight()));
        p.put("isolation.level", "read_committed");
        return p;
    }

    public WarmerApp start() {
        loop.start();
        return this;
    }

    @Override
    public void close() {
        tasks.close();
        producer.close();
        edge.close();
        resolver.close();
    }

    public static void main(String[] args) {
        WarmerApp app = new WarmerApp(WarmerConfig.fromEnv(System.getenv())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "warmer-shutdown"));
    }
}
