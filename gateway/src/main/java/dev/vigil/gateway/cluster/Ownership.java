package dev.vigil.gateway.cluster;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The telemetry partitions whose devices this gateway evaluates now (its share of the rules
 * group), readable from any thread: the Modbus poller polls a device only while its partition is here.
 */
public final class Ownership implements Predicate<String> {
    private final int partitions;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

    public Ownership(int partitions) {
        this.partitions = partitions;
    }

    /** Whether this gateway owns the device now. */
    @Override
    public boolean test(String deviceId) {
        return owned.contains(Partitions.of(deviceId, partitions));
    }

    /** The owned partition numbers. */
    public Set<Integer> partitions() {
        return Set.copyOf(owned);
    }

    void add(Collection<TopicPartition> parts) {
        for (TopicPartition tp : parts) owned.add(tp.partition());
    }

    void remove(Collection<TopicPartition> parts) {
        for (TopicPartition tp : parts) owned.remove(tp.partition());
    }

    void clear() {
        owned.clear();
    }
}
