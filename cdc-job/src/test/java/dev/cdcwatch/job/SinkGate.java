package dev.cdcwatch.job;

import dev.cdcwatch.job.event.ChangeEvent;
import org.apache.flink.api.common.functions.MapFunction;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pass-through step before the sink that a test can shut: while shut, the next change waits at
 * the gate until the test opens it, so back-pressure reaches the source and Debezium's queue
 * fills. It works because the MiniCluster runs in the test's JVM; the gate is static for that reason.
 */
final class SinkGate implements MapFunction<ChangeEvent, ChangeEvent> {

    private static final long serialVersionUID = 1L;
    private static final AtomicReference<CountDownLatch> SHUT = new AtomicReference<>();

    static void shut() {
        SHUT.compareAndSet(null, new CountDownLatch(1));
    }

    static void open() {
        CountDownLatch shut = SHUT.getAndSet(null);
        if (shut != null) {
            shut.countDown();
        }
    }

    @Override
    public ChangeEvent map(ChangeEvent change) throws InterruptedException {
        CountDownLatch shut = SHUT.get();
        if (shut != null) {
            shut.await();
        }
        return change;
    }
}
