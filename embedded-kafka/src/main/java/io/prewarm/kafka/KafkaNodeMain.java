package io.prewarm.kafka;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One node of a multi-node KRaft cluster as its own process, so a test can {@code kill -9} a broker:
 * {@code KafkaNodeMain <dataDir> <nodeId> <brokerPort> <clusterId> <controllerPort,controllerPort,...>}.
 * It prints {@value #READY} once the node serves, and stops cleanly on SIGTERM.
 */
public final class KafkaNodeMain {
    public static final String READY = "kafka node ready";

    private KafkaNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: KafkaNodeMain <dataDir> <nodeId> <brokerPort> <clusterId> <controllerPorts,comma-separated>");
        }
        List<Integer> controllers = Arrays.stream(args[4].split(",")).map(Integer::valueOf).toList();
        int nodeId = Integer.parseInt(args[1]);
        KafkaNode node = new KafkaNode(nodeId, Integer.parseInt(args[2]), controllers.get(nodeId - 1), controllers, args[3]);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[0]), node);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-node-stop"));
        System.out.println(READY + " " + nodeId + " on " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
