package dev.cdcwatch.job.sink;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.event.ChangeEvent;

import java.io.Serializable;

/** How a change is written as a Kafka record value ({@code sink.format}). */
public interface ValueFormat extends Serializable {

    byte[] encode(ChangeEvent event);

    static ValueFormat of(JobConfig.SinkFormat format) {
        return switch (format) {
            case DEBEZIUM_JSON -> new DebeziumJsonFormat();
            case COMPACT -> new CompactJsonFormat();
            case CANAL_JSON -> new CanalJsonFormat();
        };
    }
}
