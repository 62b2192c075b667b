package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.Task;
import java.util.HashMap;
import java.util.List;
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
    private final List<KafkaClientMetrics> clientMetrics;

    public WarmerApp(WarmerConfig config) {
        this(config, new CompositeMeterRegistry());
    }

    /** A warmer recording its meters (warm requests, latency, in flight, its Kafka clients') into {@code registry}. */
    public WarmerApp(WarmerConfig config, MeterRegistry registry) {
        resolver = new EdgeResolver(config.hostsFile().map(HostsFile::load).orElse(HostsFile.empty()), config.dnsServer());
        edge = new EdgeClient(config, resolver);
        producer = new KafkaProducer<>(KafkaSettings.producer(config.bootstrapServers()), RESULTS.keySerde().serializer(), RESULTS.valueSerde().serializer());
        KafkaConsumer<String, Task> consumer = new KafkaConsumer<>(consumerProps(config), TASKS.keySerde().deserializer(), TASKS.valueSerde().deserializer());
        tasks = new TaskConsumer(consumer, producer, edge, config.maxInFlight(), config.maxPerPop(), new WarmerMetrics(registry));
        clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
        clientMetrics.forEach(m -> m.bindTo(registry));
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
        clientMetrics.forEach(KafkaClientMetrics::close);
        producer.close();
        edge.close();
        resolver.close();
    }

    public static void main(String[] args) {
        WarmerApp app = new WarmerApp(WarmerConfig.fromEnv(System.getenv())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "warmer-shutdown"));
    }
}
