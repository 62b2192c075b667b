package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.TaskBatch;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The warmer role, wired and running: resolver, HTTP client, result producer and batcher, and the task consumer loop. */
public final class WarmerApp implements AutoCloseable {
    private final EdgeResolver resolver;
    private final EdgeClient edge;
    private final KafkaProducer<String, ResultBatch> producer;
    private final ResultBatcher results;
    private final TaskConsumer tasks;
    private final List<KafkaClientMetrics> clientMetrics;

    private WarmerApp(EdgeResolver resolver, EdgeClient edge, KafkaProducer<String, ResultBatch> producer, ResultBatcher results,
                      TaskConsumer tasks, List<KafkaClientMetrics> clientMetrics) {
        this.resolver = resolver;
        this.edge = edge;
        this.producer = producer;
        this.results = results;
        this.tasks = tasks;
        this.clientMetrics = clientMetrics;
    }

    /** Starts one warmer, recording its meters (warm requests, latency, in flight, its Kafka clients') into {@code registry}. */
    public static WarmerApp start(WarmerConfig config, MeterRegistry registry) {
        HostsFile hosts = config.hostsFile().map(HostsFile::load).orElse(HostsFile.empty());
        EdgeResolver resolver = new EdgeResolver(hosts, config.dnsServer());
        EdgeClient edge = new EdgeClient(config, resolver);
        KafkaProducer<String, ResultBatch> producer = new KafkaProducer<>(KafkaSettings.producer(config.bootstrapServers()),
                RESULTS.keySerde().serializer(), RESULTS.valueSerde().serializer());
        ResultBatcher results = new ResultBatcher(producer, ResultBatcher.MAX_RESULTS, ResultBatcher.LINGER);
        KafkaConsumer<String, TaskBatch> consumer = new KafkaConsumer<>(config.consumerProps(), TASKS.keySerde().deserializer(),
                TASKS.valueSerde().deserializer());
        TaskConsumer tasks = new TaskConsumer(consumer, results, edge::warm,
                new InFlightLimits(config.maxInFlight(), config.maxPerPop(), config.maxPendingResults()), new WarmerMetrics(registry));
        List<KafkaClientMetrics> clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
        clientMetrics.forEach(m -> m.bindTo(registry));
        new Thread(tasks, "warmer").start();
        return new WarmerApp(resolver, edge, producer, results, tasks, clientMetrics);
    }

    @Override
    public void close() {
        tasks.close();
        results.close(); // what is still collected goes out before the producer closes
        clientMetrics.forEach(KafkaClientMetrics::close);
        producer.close();
        edge.close();
        resolver.close();
    }
}
