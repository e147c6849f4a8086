package dev.cdcwatch.job.source;

import dev.cdcwatch.job.event.ChangeEvent;
import io.debezium.data.Envelope;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON text of keys and row images, value type by value type: consumers parse it, so it must not drift. */
class ChangeEventDeserializerTest {

    private static final Schema KEY = SchemaBuilder.struct().name("shop.orders.Key").field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("shop.orders.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("paid", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("created", Schema.OPTIONAL_INT64_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("weight", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("payload", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mysql.Source")
            .field("db", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("file", Schema.STRING_SCHEMA).field("pos", Schema.INT64_SCHEMA).field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Envelope ENVELOPE = Envelope.defineSchema().withName("shop.orders.Envelope").withRecord(ROW).withSource(SOURCE).build();

    @Test
    void rowImagesAndKeysAreWrittenAsDebeziumSchemalessJson() throws Exception {
        Struct after = new Struct(ROW).put("id", 7).put("amount", new BigDecimal("10.50")).put("name", "ada \"the\" first")
                .put("paid", true).put("created", 1_764_000_000_000L).put("small", (short) -3).put("ratio", 0.25).put("weight", 1.5f)
                .put("payload", new byte[] {1, 2, (byte) 0xff}).put("tags", List.of("a", "b"));
        Struct before = new Struct(ROW).put("id", 7).put("amount", new BigDecimal("20.00"));

        ChangeEvent change = deserialize(ENVELOPE.update(before, after, source(), null));

        assertThat(change.key()).isEqualTo("{\"id\":7}");
        assertThat(change.after()).isEqualTo("{\"id\":7,\"amount\":10.50,\"name\":\"ada \\\"the\\\" first\",\"paid\":true,"
                + "\"created\":1764000000000,\"small\":-3,\"ratio\":0.25,\"weight\":1.5,\"payload\":\"AQL/\",\"tags\":[\"a\",\"b\"],"
                + "\"note\":null}");
        assertThat(change.before()).isEqualTo("{\"id\":7,\"amount\":20.00,\"name\":null,\"paid\":null,\"created\":null,\"small\":null,"
                + "\"ratio\":null,\"weight\":null,\"payload\":null,\"tags\":null,\"note\":null}");
        assertThat(change.database()).isEqualTo("shop");
        assertThat(change.table()).isEqualTo("orders");
    }

    @Test
    void aDeleteHasNoAfterImage() throws Exception {
        ChangeEvent change = deserialize(ENVELOPE.delete(new Struct(ROW).put("id", 8), source(), null));

        assertThat(change.before()).startsWith("{\"id\":8,");
        assertThat(change.after()).isNull();
    }

    private static Struct source() {
        return new Struct(SOURCE).put("db", "shop").put("table", "orders").put("ts_ms", 1_764_000_000_000L).put("file", "mysql-bin.000003")
                .put("pos", 4_242L).put("snapshot", "false");
    }

    private static ChangeEvent deserialize(Struct value) throws Exception {
        Struct key = new Struct(KEY).put("id", value.getStruct(value.get("after") != null ? "after" : "before").getInt32("id"));
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "shop.orders", null, KEY, key, ENVELOPE.schema(), value);
        List<ChangeEvent> out = new ArrayList<>();
        new ChangeEventDeserializer().deserialize(record, new Collector<>() {
            @Override
            public void collect(ChangeEvent change) {
                out.add(change);
            }

            @Override
            public void close() {
            }
        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
