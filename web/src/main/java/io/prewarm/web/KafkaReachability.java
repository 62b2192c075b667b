package io.prewarm.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The "Kafka reachable" readiness check: one Admin describeCluster round trip with a short timeout,
 * so a probe answers within about that timeout when the broker is gone instead of hanging. Wrap it
 * in {@link HealthCheck#cached} so frequent probes do not each cost a broker call.
 */
public final class KafkaReachability implements HealthCheck, AutoCloseable {
    private final Admin admin;
    private final Duration timeout;

    public KafkaReachability(String bootstrapServers, Duration timeout) {
        int ms = Math.toIntExact(timeout.toMillis());
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "client.id", "prewarm-health",
                "request.timeout.ms", ms, "default.api.timeout.ms", ms));
        this.timeout = timeout;
    }

    @Override
    public Result check() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            return brokers > 0 ? Result.up("UP (" + brokers + " broker" + (brokers == 1 ? ")" : "s)")) : Result.down("unreachable: no brokers");
        } catch (ExecutionException e) {
            return Result.down("unreachable: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Result.down("unreachable: no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.down("unreachable: interrupted");
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
