package dev.cdcwatch.job.sink;

import dev.cdcwatch.job.event.ChangeEvent;

import java.nio.charset.StandardCharsets;

/**
 * Debezium's JSON envelope without schemas ({@code before}, {@code after}, {@code source}, {@code op},
 * {@code ts_ms}), the value format most CDC consumers already read.
 */
public final class DebeziumJsonFormat implements ValueFormat {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] encode(ChangeEvent event) {
        StringBuilder json = new StringBuilder(96 + JsonText.length(event.before()) + JsonText.length(event.after()));
        json.append("{\"before\":").append(event.before() == null ? "null" : event.before())
                .append(",\"after\":").append(event.after() == null ? "null" : event.after())
                .append(",\"source\":{\"db\":");
        JsonText.quote(json, event.database()).append(",\"table\":");
        JsonText.quote(json, event.table()).append(",\"file\":");
        JsonText.quote(json, event.binlogFile()).append(",\"pos\":").append(event.binlogPosition())
                .append(",\"ts_ms\":").append(event.sourceTimestampMillis())
                .append(",\"snapshot\":").append(event.snapshot())
                .append("},\"op\":\"").append(event.op())
                .append("\",\"ts_ms\":").append(System.currentTimeMillis())
                .append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
