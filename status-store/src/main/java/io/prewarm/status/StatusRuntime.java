package io.prewarm.status;

import io.prewarm.contract.JobPublisher;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.StreamsRunner;
import io.prewarm.status.fold.FoldProgress;
import io.prewarm.status.fold.StatusTopology;
import io.prewarm.status.query.KafkaOffsets;
import io.prewarm.status.query.ReadYourWrites;
import io.prewarm.status.query.RecentJobs;
import io.prewarm.status.query.StatusQueries;
import io.prewarm.webhooks.Deliveries;
import io.prewarm.webhooks.WebhookSender;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What a started status role holds, made and closed in one place: its Streams app, the queries and
 * listing over it, the Kafka clients of read-your-writes and of cancels and retries (one each per
 * instance), and the webhook sender every task's deliveries share (only when callbacks can be signed).
 */
record StatusRuntime(StreamsRunner runner, StatusQueries queries, RecentJobs recent, KafkaOffsets offsets, JobPublisher publisher,
                     Optional<WebhookSender> webhooks) implements AutoCloseable {

    static StatusRuntime start(StatusConfig config, int httpPort) {
        HostInfo self = new HostInfo(config.advertisedHost(), httpPort);
        Clock clock = Clock.systemUTC();
        FoldProgress progress = new FoldProgress();
        Optional<WebhookSender> sender = config.webhooks().enabled() ? Optional.of(new WebhookSender(config.webhooks())) : Optional.empty();
        StreamsRunner runner = StreamsRunner.start("status", StatusTopology.build(config.topology(), progress,
                sender.map(s -> log -> new Deliveries(log, s))), streamsProperties(config, httpPort));
        KafkaOffsets offsets = new KafkaOffsets(config.bootstrapServers());
        StatusQueries queries = new StatusQueries(runner.streams(), self, config.commitInterval(), new ReadYourWrites(offsets, progress),
                config.readWait());
        return new StatusRuntime(runner, queries, new RecentJobs(runner.streams(), self, clock), offsets,
                new JobPublisher(config.bootstrapServers(), config.requestTimeout(), clock), sender);
    }

    static Properties streamsProperties(StatusConfig config, int httpPort) {
        Properties props = new Properties();
        props.putAll(KafkaSettings.streams(StatusConfig.APPLICATION_ID, config.bootstrapServers(), config.stateDir().toString(), config.cluster()));
        props.put("application.server", config.advertisedHost() + ":" + httpPort);
        props.put("commit.interval.ms", config.commitInterval().toMillis());
        return props;
    }

    /** The Streams app first (its tasks close their deliveries), then the clients. */
    @Override
    public void close() {
        queries.close();
        runner.close();
        webhooks.ifPresent(WebhookSender::close);
        publisher.close();
        offsets.close();
    }
}
