package dev.cdcwatch.demo;

import dev.cdcwatch.job.event.ChangeEvent;
import org.apache.flink.api.common.functions.MapFunction;

import java.util.concurrent.TimeUnit;

/**
 * The demo's "stall the sink" fault: while on, every change waits before it reaches the Kafka sink,
 * so back-pressure reaches the source and Debezium's queue fills. It works because the demo runs
 * Flink in this JVM; the switch is static for that reason.
 */
final class SinkStall implements MapFunction<ChangeEvent, ChangeEvent> {

    private static final long serialVersionUID = 1L;
    private static volatile long delayMillis;

    static void on(long perRecordDelayMillis) {
        delayMillis = perRecordDelayMillis;
    }

    static void off() {
        delayMillis = 0;
    }

    @Override
    public ChangeEvent map(ChangeEvent change) throws InterruptedException {
        long delay = delayMillis;
        if (delay > 0) {
            TimeUnit.MILLISECONDS.sleep(delay);
        }
        return change;
    }
}
