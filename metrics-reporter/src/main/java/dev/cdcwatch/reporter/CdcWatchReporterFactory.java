package dev.cdcwatch.reporter;

import dev.cdcwatch.reporter.config.ReporterOptions;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/**
 * Creates the cdc-watch reporter. Enabled in flink-conf.yaml with
 * {@code metrics.reporter.cdcwatch.factory.class: dev.cdcwatch.reporter.CdcWatchReporterFactory}; options are
 * the other {@code metrics.reporter.cdcwatch.*} keys (see {@link dev.cdcwatch.reporter.config.CdcWatchReporterOptions}).
 * Options are parsed and checked here, once: a bad value fails the reporter with a message naming the key.
 */
public final class CdcWatchReporterFactory implements MetricReporterFactory {

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new CdcWatchReporter(ReporterOptions.parse(properties));
    }
}
