package dev.cdcwatch.job;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Debezium custom converter for the column {@code note} that a test can shut for one value: the
 * thread converting a row whose note is that value waits at the gate until the test opens it. That
 * is the snapshot reader's thread for a row it selects, and the binlog client's own thread, with
 * its connection open, for a row it reads from the binlog. Values pass as strings, unchanged. Set
 * through the job's Debezium properties ({@code converters: notegate}, {@code notegate.type: <this class>});
 * it works because the MiniCluster runs in the test's JVM, so the gates are static.
 */
public final class NoteGate implements CustomConverter<SchemaBuilder, RelationalColumn> {

    private static final Map<String, Gate> SHUT = new ConcurrentHashMap<>();

    /** Debezium's properties for a job whose notes pass this gate. */
    static Map<String, String> debeziumProperties() {
        return Map.of("debezium.converters", "notegate", "debezium.notegate.type", NoteGate.class.getName());
    }

    static void shut(String note) {
        SHUT.putIfAbsent(note, new Gate());
    }

    /** Whether a thread waits at the gate for this note. */
    static boolean holding(String note) {
        Gate gate = SHUT.get(note);
        return gate != null && gate.waiting.get() > 0;
    }

    static void open(String note) {
        Gate gate = SHUT.remove(note);
        if (gate != null) {
            gate.open.countDown();
        }
    }

    static void openAll() {
        SHUT.keySet().forEach(NoteGate::open);
    }

    @Override
    public void configure(Properties properties) {
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (column.name().equalsIgnoreCase("note")) {
            registration.register(SchemaBuilder.string().optional(), NoteGate::pass);
        }
    }

    private static Object pass(Object value) {
        // The binlog carries character columns as bytes, a SELECT as strings.
        String note = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value == null ? null : value.toString();
        Gate gate = note == null ? null : SHUT.get(note);
        if (gate != null) {
            gate.waiting.incrementAndGet();
            try {
                gate.open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                gate.waiting.decrementAndGet();
            }
        }
        return note;
    }

    private static final class Gate {
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();
    }
}
