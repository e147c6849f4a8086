package dev.cdcwatch.job;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.event.ChangeEvent;
import dev.cdcwatch.job.probe.InstrumentedMySqlSource;
import dev.cdcwatch.job.probe.ProbeSettings;
import dev.cdcwatch.job.route.RouteCounter;
import dev.cdcwatch.job.route.TopicRouter;
import dev.cdcwatch.job.sink.ChangeEventRecordSerializer;
import dev.cdcwatch.job.sink.ValueFormat;
import dev.cdcwatch.job.source.MySqlSourceFactory;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Defines the reference job's dataflow: MySQL CDC source (with a guard that fails it when its binlog
 * connection is lost, and Debezium probes unless {@code source.probes} is false) -> drop heartbeats
 * -> count per route -> key by row -> Kafka sink.
 */
public final class CdcPipeline {

    /** The source's name; Flink labels its metrics {@code operator_name="Source:_mysql-cdc"}. */
    public static final String SOURCE_NAME = "mysql-cdc";
    public static final String SINK_NAME = "kafka-sink";
    /**
     * Keep-alive intervals without a binlog event, while the reader could read, after which its
     * connection is taken for dead; the server sends a heartbeat every 0.8 intervals.
     */
    static final int DEAD_CONNECTION_INTERVALS = 30;

    private CdcPipeline() {
    }

    public static void define(StreamExecutionEnvironment env, JobConfig config) {
        define(env, config, UnaryOperator.identity());
    }

    /** As {@link #define(StreamExecutionEnvironment, JobConfig)}, with {@code beforeSink} applied to the changes just before the sink. */
    public static void define(StreamExecutionEnvironment env, JobConfig config, UnaryOperator<DataStream<ChangeEvent>> beforeSink) {
        // The job's name is what metrics carry as the `job` label, however the pipeline is submitted.
        env.configure(new Configuration().set(PipelineOptions.NAME, config.job().name()));
        env.setParallelism(config.job().parallelism());
        env.enableCheckpointing(config.checkpointing().interval().toMillis(),
                config.sink().deliveryGuarantee() == JobConfig.DeliveryGuarantee.EXACTLY_ONCE
                        ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        env.getCheckpointConfig().setCheckpointTimeout(config.checkpointing().timeout().toMillis());

        DataStream<ChangeEvent> changes = env
                .fromSource(source(config.source()), WatermarkStrategy.noWatermarks(), SOURCE_NAME)
                .uid("mysql-cdc-source")
                // The binlog is read by one reader; more source subtasks only speed up the snapshot.
                .setParallelism(config.job().parallelism())
                // Heartbeats exist only to keep the source's emit lag true; chained, so they never cross the network.
                .filter(change -> !change.isHeartbeat())
                .name("drop-heartbeats")
                .uid("drop-heartbeats")
                .map(new RouteCounter(TopicRouter.from(config.routing())))
                .name("count-routes")
                .uid("count-routes");

        beforeSink.apply(changes)
                .keyBy(ChangeEvent::partitionKey)
                .sinkTo(kafkaSink(config))
                .name(SINK_NAME)
                .uid("kafka-sink");
    }

    private static Source<ChangeEvent, ?, ?> source(JobConfig.Source config) {
        MySqlSource<ChangeEvent> mySqlSource = MySqlSourceFactory.create(config);
        // The guard is always on: without it a lost binlog connection would stop the stream for good.
        return new InstrumentedMySqlSource(mySqlSource, new ProbeSettings(config.hostname(), config.port(),
                config.username(), config.password(), config.positionPollInterval(),
                config.keepAliveInterval().multipliedBy(DEAD_CONNECTION_INTERVALS)), config.probes());
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
                .setRecordSerializer(new ChangeEventRecordSerializer(TopicRouter.from(config.routing()), ValueFormat.of(sink.format())))
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
