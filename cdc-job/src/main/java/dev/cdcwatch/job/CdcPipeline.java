package dev.cdcwatch.job;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.event.ChangeEvent;
import dev.cdcwatch.job.route.TopicRouter;
import dev.cdcwatch.job.sink.ChangeEventRecordSerializer;
import dev.cdcwatch.job.source.MySqlSourceFactory;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Properties;

/** Defines the reference job's dataflow: MySQL CDC source -> key by row -> Kafka sink. */
public final class CdcPipeline {

    /** The source's name; Flink labels its metrics {@code operator_name="Source:_mysql-cdc"}. */
    public static final String SOURCE_NAME = "mysql-cdc";
    public static final String SINK_NAME = "kafka-sink";

    private CdcPipeline() {
    }

    public static void define(StreamExecutionEnvironment env, JobConfig config) {
        env.setParallelism(config.job().parallelism());
        env.enableCheckpointing(config.checkpointing().interval().toMillis(),
                config.sink().deliveryGuarantee() == JobConfig.DeliveryGuarantee.EXACTLY_ONCE
                        ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        env.getCheckpointConfig().setCheckpointTimeout(config.checkpointing().timeout().toMillis());

        DataStream<ChangeEvent> changes = env
                .fromSource(MySqlSourceFactory.create(config.source()), WatermarkStrategy.noWatermarks(), SOURCE_NAME)
                .uid("mysql-cdc-source")
                // The binlog is read by one reader; more source subtasks only speed up the snapshot.
                .setParallelism(config.job().parallelism());

        changes.keyBy(ChangeEvent::partitionKey)
                .sinkTo(kafkaSink(config))
                .name(SINK_NAME)
                .uid("kafka-sink");
    }

    private static KafkaSink<ChangeEvent> kafkaSink(JobConfig config) {
        JobConfig.Sink sink = config.sink();
        Properties producer = new Properties();
        producer.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000");
        producer.putAll(sink.properties());
        KafkaSinkBuilder<ChangeEvent> builder = KafkaSink.<ChangeEvent>builder()
                .setBootstrapServers(sink.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new ChangeEventRecordSerializer(TopicRouter.from(config.routing())))
                .setDeliveryGuarantee(switch (sink.deliveryGuarantee()) {
                    case NONE -> DeliveryGuarantee.NONE;
                    case AT_LEAST_ONCE -> DeliveryGuarantee.AT_LEAST_ONCE;
                    case EXACTLY_ONCE -> DeliveryGuarantee.EXACTLY_ONCE;
                });
        if (sink.deliveryGuarantee() == JobConfig.DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(sink.transactionalIdPrefix());
        }
        return builder.build();
    }
}
