package dev.cdcwatch.job.sink;

import dev.cdcwatch.job.event.ChangeEvent;

import java.nio.charset.StandardCharsets;

/**
 * Debezium's JSON envelope without schemas ({@code before}, {@code after}, {@code source}, {@code op},
 * {@code ts_ms}), the value format most CDC consumers already read.
 */
public final class DebeziumJsonFormat {

    private DebeziumJsonFormat() {
    }

    public static byte[] encode(ChangeEvent event) {
        StringBuilder json = new StringBuilder(64 + length(event.before()) + length(event.after()));
        json.append("{\"before\":").append(event.before() == null ? "null" : event.before())
                .append(",\"after\":").append(event.after() == null ? "null" : event.after())
                .append(",\"source\":{\"db\":");
        quote(json, event.database()).append(",\"table\":");
        quote(json, event.table()).append(",\"file\":");
        quote(json, event.binlogFile()).append(",\"pos\":").append(event.binlogPosition())
                .append(",\"ts_ms\":").append(event.sourceTimestampMillis())
                .append(",\"snapshot\":").append(event.snapshot())
                .append("},\"op\":\"").append(event.op())
                .append("\",\"ts_ms\":").append(System.currentTimeMillis())
                .append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int length(String text) {
        return text == null ? 4 : text.length();
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        if (text == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
