package io.prewarm.warmer;

import static io.prewarm.contract.Topics.REQUESTS;
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

/**
 * The warmer role, wired and running: resolver, HTTP client, result producer and batcher, the
 * document readers and their part producer (on {@code prewarm.requests}), the
 * cancels reader and the task consumer loop, the last two sharing the rate caps and PoP circuits. Tasks are taken only once the cancels already on
 * their topic are read (bounded), so a restarted warmer does not send a cancelled job's tasks.
 */
public final class WarmerApp implements AutoCloseable {
    private final EdgeResolver resolver;
    private final EdgeClient edge;
    private final KafkaProducer<String, ResultBatch> producer;
    private final KafkaProducer<String, String> parts;
    private final DocumentTasks documents;
    private final ResultBatcher results;
    private final CancelledJobs cancels;
    private final TaskConsumer tasks;
    private final List<KafkaClientMetrics> clientMetrics;

    private WarmerApp(EdgeResolver resolver, EdgeClient edge, KafkaProducer<String, ResultBatch> producer, KafkaProducer<String, String> parts,
                      DocumentTasks documents, ResultBatcher results, CancelledJobs cancels, TaskConsumer tasks, List<KafkaClientMetrics> clientMetrics) {
        this.resolver = resolver;
        this.edge = edge;
        this.producer = producer;
        this.parts = parts;
        this.documents = documents;
        this.results = results;
        this.cancels = cancels;
        this.tasks = tasks;
        this.clientMetrics = clientMetrics;
    }

    /** Starts one warmer, recording its meters (warm requests, latency, in flight, its Kafka clients') into {@code registry}. */
    public static WarmerApp start(WarmerConfig config, MeterRegistry registry) {
        GroupSession.apply(config.bootstrapServers(), config.groupId(), config.sessionTimeout());
        CancelledJobs cancels = CancelledJobs.start(config); // returns once the cancels already written are read (bounded)
        HostsFile hosts = config.hostsFile().map(HostsFile::load).orElse(HostsFile.empty());
        EdgeResolver resolver = new EdgeResolver(hosts, config.dnsServer());
        Pacing pacing = Pacing.of(config);
        WarmerMetrics metrics = new WarmerMetrics(registry);
        EdgeClient edge = new EdgeClient(config, resolver, pacing.jobs(), pacing.circuits(), metrics);
        KafkaProducer<String, ResultBatch> producer = new KafkaProducer<>(KafkaSettings.producer(config.bootstrapServers()),
                RESULTS.keySerde().serializer(), RESULTS.valueSerde().serializer());
        ResultBatcher results = new ResultBatcher(producer, ResultBatcher.MAX_RESULTS, ResultBatcher.LINGER);
        KafkaProducer<String, String> parts = new KafkaProducer<>(KafkaSettings.producer(config.bootstrapServers()),
                REQUESTS.keySerde().serializer(), REQUESTS.valueSerde().serializer());
        DocumentTasks documents = new DocumentTasks(edge, parts, config.documentReaders(), config.maxUrls());
        KafkaConsumer<String, TaskBatch> consumer = new KafkaConsumer<>(config.consumerProps(), TASKS.keySerde().deserializer(),
                TASKS.valueSerde().deserializer());
        TaskConsumer tasks = new TaskConsumer(consumer, results, edge::warm, documents, cancels,
                new InFlightLimits(config.maxInFlight(), config.maxPerPop(), config.maxPendingResults()), metrics, pacing);
        List<KafkaClientMetrics> clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer),
                new KafkaClientMetrics(parts));
        clientMetrics.forEach(m -> m.bindTo(registry));
        new Thread(tasks, "warmer").start();
        return new WarmerApp(resolver, edge, producer, parts, documents, results, cancels, tasks, clientMetrics);
    }

    @Override
    public void close() {
        tasks.close();
        cancels.close();
        results.close(); // what is still collected goes out before the producer closes
        documents.close(); // reads still going end without a result: read again by the next owner
        clientMetrics.forEach(KafkaClientMetrics::close);
        producer.close();
        parts.close();
        edge.close();
        resolver.close();
    }
}
