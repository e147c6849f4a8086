package dev.cdcwatch.reporter.support;

import dev.cdcwatch.job.CdcPipeline;
import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The reference CDC job (cdc-job's {@link CdcPipeline}) over one database, named as a user would name it. */
public final class ReferenceJob {

    private ReferenceJob() {
    }

    /** Creates {@code database.orders} with three rows and its topic, and defines the job reading it. */
    public static StreamExecutionEnvironment define(String jobName, String database, String serverIds, MariaDbServer db, KafkaBroker kafka) {
        db.execute(
                "CREATE DATABASE " + database,
                "CREATE TABLE " + database + ".orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(10,2))",
                "INSERT INTO " + database + ".orders VALUES (1, 'ada', 10.50), (2, 'bob', 20.00), (3, 'cy', 30.25)");
        kafka.createTopics(1, topic(database));
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                job:
                  name: %s
                  parallelism: 1
                source:
                %s
                  databases: [%s]
                  server-id: %s
                sink:
                  bootstrap-servers: %s
                checkpointing:
                  interval: 1s
                """.formatted(jobName, db.sourceConnectionYaml(), database, serverIds,
                kafka.bootstrapServers()));
        Configuration pipeline = new Configuration();
        pipeline.set(PipelineOptions.NAME, jobName);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(pipeline);
        CdcPipeline.define(env, config);
        return env;
    }

    public static String topic(String database) {
        return "cdc." + database + ".orders";
    }
}
