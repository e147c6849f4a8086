package dev.cdcwatch.lineage;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A real producer; can also keep producing at a steady rate in the background until stopped. */
final class TestProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private ScheduledFuture<?> steady;

    TestProducer(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** Sends one record to partition 0 and waits for the broker's acknowledgement. */
    RecordMetadata send(String topic, String value) {
        try {
            return producer.send(new ProducerRecord<>(topic, 0, null, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    void send(String topic, int count) {
        for (int i = 0; i < count; i++) {
            send(topic, "record-" + i);
        }
    }

    /** Keeps sending one record every {@code periodMillis} until {@link #stopSteady()}. */
    void startSteady(String topic, long periodMillis) {
        steady = background.scheduleAtFixedRate(() -> send(topic, "steady"), 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    void stopSteady() {
        if (steady != null) {
            steady.cancel(false);
            steady = null;
        }
    }

    @Override
    public void close() {
        stopSteady();
        background.shutdownNow();
        producer.close();
    }
}
