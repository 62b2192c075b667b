package io.prewarm.kafka;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * One KRaft node (broker and controller in one) of a cluster of {@code controllerPorts.size()}
 * nodes, numbered from 1: its id, its ports, every node's controller port (the static voter set)
 * and the cluster's id, which every node's storage is formatted with. The internal topics'
 * replication is the cluster size up to 3, and at least two replicas must be in sync where there
 * are three, as in production.
 */
public record KafkaNode(int nodeId, int brokerPort, int controllerPort, List<Integer> controllerPorts, String clusterId) {

    public KafkaNode {
        controllerPorts = List.copyOf(controllerPorts);
        if (nodeId < 1 || nodeId > controllerPorts.size() || controllerPorts.get(nodeId - 1) != controllerPort) {
            throw new IllegalArgumentException("node " + nodeId + " is not one of the voters " + controllerPorts);
        }
    }

    /** The one node of a single-node cluster, with a new cluster id (used only when its storage is formatted). */
    public static KafkaNode single(int brokerPort, int controllerPort) {
        return new KafkaNode(1, brokerPort, controllerPort, List.of(controllerPort), Uuid.randomUuid().toString());
    }

    /** {@code controller.quorum.voters}: {@code 1@127.0.0.1:port,2@...}. */
    public String voters() {
        return IntStream.range(0, controllerPorts.size()).mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
    }

    public int replication() {
        return Math.min(3, controllerPorts.size());
    }

    public int minInsyncReplicas() {
        return replication() == 3 ? 2 : 1;
    }
}
