package com.creditledger.bench;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instances of the service in the instances scenario: the harness's own, in this JVM (the
 * first, which holds the projections' segments, having claimed them first), and as many more as
 * asked for, each in a JVM of its own ({@link InstanceMain}) with the same arguments: the same
 * database, broker, topics and consumer group, as a deployment of several runs them. Separate
 * JVMs, not more contexts in this one, so that each has its own JIT and GC, as on a machine of
 * its own, and its CPU can be read from /proc.
 */
final class ServiceInstances implements AutoCloseable {

    private final List<String> serviceArgs;
    private final ConsumerGroup group;
    private final int consumersPerInstance;
    private final Deque<ChildJvm> processes = new ArrayDeque<>();

    /** @param consumersPerInstance consumer threads of each instance ({@code billing.kafka.consumers}) */
    ServiceInstances(List<String> serviceArgs, ConsumerGroup group, int consumersPerInstance) {
        this.serviceArgs = List.copyOf(serviceArgs);
        this.group = group;
        this.consumersPerInstance = consumersPerInstance;
    }

    /** Starts or stops instances (the latest started first) until there are {@code count}, then waits until all consume. */
    void scaleTo(int count) {
        while (processes.size() + 1 < count) {
            String name = "instance " + (processes.size() + 2);
            ChildJvm instance = ChildJvm.start(name, InstanceMain.class, serviceArgs, InstanceMain.READY);
            System.err.printf("%s: own process %d%n", name, instance.pid());
            processes.push(instance);
        }
        while (processes.size() + 1 > count) {
            processes.pop().close();
        }
        awaitConsuming();
    }

    /**
     * Waits until the consumers of every instance are members of the group and hold the
     * partitions between them; returns who holds what (see {@link ConsumerGroup#awaitStable}).
     */
    Map<String, Set<Integer>> awaitConsuming() {
        return group.awaitStable((processes.size() + 1) * consumersPerInstance);
    }

    /** The processes of the instances besides this JVM's. */
    List<Long> pids() {
        return processes.stream().map(ChildJvm::pid).toList();
    }

    @Override
    public void close() {
        while (!processes.isEmpty()) {
            processes.pop().close();
        }
    }
}
