package dev.cdcwatch.job.sink;

import dev.cdcwatch.job.event.ChangeEvent;

import java.nio.charset.StandardCharsets;

/**
 * Debezium's envelope reduced to what a Debezium JSON reader (e.g. Flink's {@code debezium-json})
 * uses: {@code before} and {@code after} (left out when null, which such readers take as null),
 * {@code op}, and {@code ts_ms}, which here is the change's time in MySQL. The database and table
 * are in the topic and the primary key in the record key, so {@code source} is left out.
 */
public final class CompactJsonFormat implements ValueFormat {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] encode(ChangeEvent event) {
        StringBuilder json = new StringBuilder(32 + JsonText.length(event.before()) + JsonText.length(event.after()));
        json.append('{');
        if (event.before() != null) {
            json.append("\"before\":").append(event.before()).append(',');
        }
        if (event.after() != null) {
            json.append("\"after\":").append(event.after()).append(',');
        }
        json.append("\"op\":\"").append(event.op()).append("\",\"ts_ms\":").append(event.sourceTimestampMillis()).append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
