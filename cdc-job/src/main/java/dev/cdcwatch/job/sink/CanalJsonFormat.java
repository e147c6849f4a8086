package dev.cdcwatch.job.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.job.event.ChangeEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Canal's flat message as Canal writes it to Kafka and Flink's {@code canal-json} reads it:
 * {@code data} (the row after the change, or the deleted row), {@code old} (for updates, the
 * previous values of the changed columns only), {@code type} (INSERT, UPDATE, DELETE; snapshot rows
 * are INSERTs), {@code database}, {@code table}, {@code pkNames}, {@code isDdl}, {@code es} (time in
 * MySQL) and {@code ts} (time written). Values are strings, as Canal writes them. Canal's
 * {@code mysqlType}/{@code sqlType} are left out: the change events carry no MySQL column types.
 */
public final class CanalJsonFormat implements ValueFormat {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    @Override
    public byte[] encode(ChangeEvent event) {
        try {
            JsonNode before = event.before() == null ? null : JSON.readTree(event.before());
            JsonNode after = event.after() == null ? null : JSON.readTree(event.after());
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 + JsonText.length(event.before()) + JsonText.length(event.after()));
            try (JsonGenerator json = FACTORY.createGenerator(out)) {
                json.writeStartObject();
                json.writeArrayFieldStart("data");
                writeRow(json, after != null ? after : before);
                json.writeEndArray();
                json.writeStringField("database", event.database());
                json.writeStringField("table", event.table());
                json.writeArrayFieldStart("pkNames");
                if (event.key() != null) {
                    for (Iterator<String> names = JSON.readTree(event.key()).fieldNames(); names.hasNext(); ) {
                        json.writeString(names.next());
                    }
                }
                json.writeEndArray();
                json.writeBooleanField("isDdl", false);
                json.writeStringField("type", type(event.op()));
                json.writeNumberField("es", event.sourceTimestampMillis());
                json.writeNumberField("ts", System.currentTimeMillis());
                json.writeFieldName("old");
                if (before != null && after != null) {
                    json.writeStartArray();
                    writeChanged(json, before, after);
                    json.writeEndArray();
                } else {
                    json.writeNull();
                }
                json.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write change of " + event.database() + "." + event.table() + " as canal-json", e);
        }
    }

    private static String type(String op) {
        return switch (op) {
            case "u" -> "UPDATE";
            case "d" -> "DELETE";
            default -> "INSERT";
        };
    }

    private static void writeRow(JsonGenerator json, JsonNode row) throws IOException {
        json.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> fields = row.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            writeValue(json, field.getKey(), field.getValue());
        }
        json.writeEndObject();
    }

    private static void writeChanged(JsonGenerator json, JsonNode before, JsonNode after) throws IOException {
        json.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> fields = before.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().equals(after.get(field.getKey()))) {
                writeValue(json, field.getKey(), field.getValue());
            }
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, String name, JsonNode value) throws IOException {
        if (value == null || value.isNull()) {
            json.writeNullField(name);
        } else if (value.isBoolean()) {
            json.writeStringField(name, value.booleanValue() ? "1" : "0");
        } else if (value.isValueNode()) {
            json.writeStringField(name, value.asText());
        } else {
            json.writeStringField(name, value.toString());
        }
    }
}
