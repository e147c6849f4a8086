package dev.cdcwatch.job;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/**
 * Entry point for {@code flink run cdc-watch-job-*-flink.jar --config job.yaml}; run from an IDE or
 * with {@code java -cp} it starts a local Flink in this process.
 */
public final class CdcJob {

    private CdcJob() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = configArgument(args);
        JobConfig config = JobConfigLoader.load(configFile);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CdcPipeline.define(env, config);
        env.execute(config.job().name());
    }

    private static Path configArgument(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                return Path.of(args[i + 1]);
            }
        }
        throw new IllegalArgumentException("usage: CdcJob --config <job.yaml>");
    }
}
