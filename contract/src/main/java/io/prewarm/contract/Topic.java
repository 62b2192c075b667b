package io.prewarm.contract;

import org.apache.kafka.common.serialization.Serde;

/** A topic's name together with its serdes, so the producer and consumer sides cannot drift apart. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
