package dev.cdcwatch.job.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdcwatch.job.event.ChangeEvent;
import io.debezium.data.Envelope;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns Debezium's {@link SourceRecord}s into {@link ChangeEvent}s. Row values keep Debezium's
 * schemaless JSON encoding (temporal types as numbers, decimals as numbers), so consumers of
 * Debezium JSON read them unchanged. Heartbeats and other non-row records are dropped here.
 */
public final class ChangeEventDeserializer implements DebeziumDeserializationSchema<ChangeEvent> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public void deserialize(SourceRecord record, Collector<ChangeEvent> out) throws Exception {
        if (!(record.value() instanceof Struct value) || !Envelope.isEnvelopeSchema(record.valueSchema())) {
            return;
        }
        Envelope.Operation operation = Envelope.operationFor(record);
        if (operation == null) {
            return;
        }
        Struct source = value.getStruct(Envelope.FieldName.SOURCE);
        Object snapshot = source.get("snapshot");
        out.collect(new ChangeEvent(
                source.getString("db"),
                source.getString("table"),
                operation.code(),
                record.key() instanceof Struct key ? JSON.writeValueAsString(toJson(key)) : null,
                rowImage(value, Envelope.FieldName.BEFORE),
                rowImage(value, Envelope.FieldName.AFTER),
                longOrZero(source.get("ts_ms")),
                source.getString("file"),
                longOrZero(source.get("pos")),
                snapshot != null && !"false".equals(snapshot.toString())));
    }

    private static String rowImage(Struct envelope, String field) throws Exception {
        Struct row = envelope.getStruct(field);
        return row == null ? null : JSON.writeValueAsString(toJson(row));
    }

    private static long longOrZero(Object value) {
        return value instanceof Number number ? number.longValue() : 0L;
    }

    static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Struct struct) {
            ObjectNode object = NODES.objectNode();
            for (Field field : struct.schema().fields()) {
                object.set(field.name(), toJson(struct.get(field)));
            }
            return object;
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return NODES.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
            return object;
        }
        return NODES.textNode(value.toString());
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return TypeInformation.of(ChangeEvent.class);
    }
}
