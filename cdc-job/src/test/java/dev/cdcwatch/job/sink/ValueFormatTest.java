package dev.cdcwatch.job.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.event.ChangeEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValueFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TS = 1_764_000_000_000L;

    /** One row's life as the binlog gives it: snapshot read, insert, two updates, delete. */
    private static final List<ChangeEvent> EVENTS = List.of(
            change("r", null, "{\"id\":1,\"customer\":\"ada\",\"amount\":10.5,\"status\":\"NEW\"}"),
            change("c", null, "{\"id\":2,\"customer\":\"bob\",\"amount\":20.0,\"status\":\"NEW\"}"),
            change("u", "{\"id\":1,\"customer\":\"ada\",\"amount\":10.5,\"status\":\"NEW\"}",
                    "{\"id\":1,\"customer\":\"ada\",\"amount\":11.0,\"status\":\"NEW\"}"),
            change("u", "{\"id\":1,\"customer\":\"ada\",\"amount\":11.0,\"status\":\"NEW\"}",
                    "{\"id\":1,\"customer\":\"ada\",\"amount\":11.0,\"status\":\"PAID\"}"),
            change("d", "{\"id\":2,\"customer\":\"bob\",\"amount\":20.0,\"status\":\"NEW\"}", null));

    @Test
    void compactIsAtLeastTwentyPercentSmallerThanCanalJsonOnTheSameEvents() {
        long compact = totalBytes(JobConfig.SinkFormat.COMPACT);
        long canal = totalBytes(JobConfig.SinkFormat.CANAL_JSON);

        assertThat(compact).as("compact %d bytes vs canal-json %d bytes", compact, canal).isLessThanOrEqualTo(canal * 80 / 100);
    }

    @Test
    void compactKeepsWhatDebeziumJsonReadersUse() throws Exception {
        JsonNode update = JSON.readTree(ValueFormat.of(JobConfig.SinkFormat.COMPACT).encode(EVENTS.get(2)));
        JsonNode delete = JSON.readTree(ValueFormat.of(JobConfig.SinkFormat.COMPACT).encode(EVENTS.get(4)));

        assertThat(update.path("op").asText()).isEqualTo("u");
        assertThat(update.path("before").path("amount").asText()).isEqualTo("10.5");
        assertThat(update.path("after").path("amount").asText()).isEqualTo("11.0");
        assertThat(update.path("ts_ms").asLong()).isEqualTo(TS);
        assertThat(delete.path("before").path("customer").asText()).isEqualTo("bob");
        assertThat(delete.has("after")).as("a null image is left out").isFalse();
    }

    @Test
    void canalJsonHasCanalsFlatMessageFields() throws Exception {
        JsonNode update = JSON.readTree(ValueFormat.of(JobConfig.SinkFormat.CANAL_JSON).encode(EVENTS.get(3)));
        JsonNode snapshot = JSON.readTree(ValueFormat.of(JobConfig.SinkFormat.CANAL_JSON).encode(EVENTS.get(0)));

        assertThat(update.path("type").asText()).isEqualTo("UPDATE");
        assertThat(update.path("data").get(0).path("status").asText()).isEqualTo("PAID");
        assertThat(update.path("old").get(0).properties()).as("old holds only changed columns")
                .extracting(entry -> entry.getKey() + "=" + entry.getValue().asText()).containsExactly("status=NEW");
        assertThat(update.path("data").get(0).path("id").isTextual()).as("values are strings, as Canal writes them").isTrue();
        assertThat(update.path("pkNames")).extracting(JsonNode::asText).containsExactly("id");
        assertThat(update.path("database").asText()).isEqualTo("shop");
        assertThat(update.path("table").asText()).isEqualTo("orders");
        assertThat(update.path("es").asLong()).isEqualTo(TS);
        assertThat(update.path("isDdl").asBoolean()).isFalse();
        assertThat(snapshot.path("type").asText()).isEqualTo("INSERT");
        assertThat(snapshot.path("old").isNull()).isTrue();
    }

    private static long totalBytes(JobConfig.SinkFormat format) {
        ValueFormat encoder = ValueFormat.of(format);
        return EVENTS.stream().mapToLong(event -> encoder.encode(event).length).sum();
    }

    private static ChangeEvent change(String op, String before, String after) {
        String row = after != null ? after : before;
        String key = "{\"id\":" + row.substring(row.indexOf(':') + 1, row.indexOf(',')) + "}";
        return new ChangeEvent("shop", "orders", op, key, before, after, op.equals("r") ? 0 : TS, "mysql-bin.000003", 4711, op.equals("r"));
    }
}
