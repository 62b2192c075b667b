package io.prewarm.status;

import io.javalin.Javalin;
import io.prewarm.contract.Json;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import io.prewarm.web.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;

/**
 * Status instances against one broker, each started the way the launcher starts it: its HTTP
 * server bound first (port 0), then its Streams app advertising that port. Closing stops them all.
 */
final class StatusInstances implements AutoCloseable {

    record Instance(StatusApp app, Javalin http, Api api) implements AutoCloseable {
        @Override
        public void close() {
            http.stop();
            app.close();
        }

        /** {@code method pathAndQuery} with {@code body} (the API client sends GETs without one). */
        Api.Reply send(String method, String pathAndQuery, String body) {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + pathAndQuery))
                        .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                return new Api.Reply(r.statusCode(), r.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body()), r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Whether this instance answers for {@code id} from its own store (its internal endpoint never forwards). */
        boolean ownsLocally(String id) {
            return api.get("/internal/status?requestID=" + id).status() == 200;
        }
    }

    private final Path dir;
    private final String bootstrapServers;
    private final List<Instance> running = new ArrayList<>();

    StatusInstances(Path dir, String bootstrapServers) {
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
    }

    /** A new instance with its own state directory {@code dir/name}. */
    Instance start(String name) {
        return start(name, Map.of());
    }

    /** A new instance with its own state directory {@code dir/name} and these settings too. */
    Instance start(String name, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        all.put("PREWARM_DATA_DIR", dir.resolve(name).toString());
        StatusApp app = StatusApp.create(StatusConfig.fromEnv(all));
        Javalin http = ApiServer.create(app.routes()).start(0);
        app.start(http.port());
        Instance instance = new Instance(app, http, new Api(http.port()));
        running.add(instance);
        return instance;
    }

    void stop(Instance instance) {
        running.remove(instance);
        instance.close();
    }

    /** requestIDs chosen so that every partition holds one, so every instance owns some. */
    static List<String> oneIdPerPartition() {
        List<String> ids = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; covered.size() < KafkaFixture.PARTITIONS; i++) {
            String id = "job-" + i;
            int partition = Utils.toPositive(Utils.murmur2(Serdes.String().serializer().serialize("", id))) % KafkaFixture.PARTITIONS;
            if (covered.add(partition)) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public void close() {
        List.copyOf(running).forEach(this::stop);
    }
}
