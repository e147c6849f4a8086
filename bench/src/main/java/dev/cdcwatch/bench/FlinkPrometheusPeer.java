package dev.cdcwatch.bench;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.plugin.PluginDescriptor;
import org.apache.flink.core.plugin.PluginLoader;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Properties;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Flink's own {@code PrometheusReporter} (flink-metrics-prometheus 1.20.3), loaded from its jar through Flink's
 * plugin class loader as a Flink installation loads it, with the simpleclient 0.8.1 it bundles. {@link #scrape}
 * does what its HTTP handler does for one scrape: write004 through an OutputStreamWriter into a byte buffer,
 * then gzip at the default level (Prometheus asks for gzip).
 */
final class FlinkPrometheusPeer {

    private final MetricReporter reporter;
    private final Object registry;
    private final Method filteredSamples;
    private final Method write004;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream(1 << 20);
    private final ByteArrayOutputStream compressed = new ByteArrayOutputStream(1 << 16);

    private FlinkPrometheusPeer(MetricReporter reporter) throws ReflectiveOperationException {
        this.reporter = reporter;
        ClassLoader pluginLoader = reporter.getClass().getClassLoader();
        Field field = Class.forName("org.apache.flink.metrics.prometheus.AbstractPrometheusReporter", true, pluginLoader)
                .getDeclaredField("registry");
        field.setAccessible(true);
        this.registry = field.get(reporter);
        this.filteredSamples = registry.getClass().getMethod("filteredMetricFamilySamples", Set.class);
        this.write004 = Class.forName("io.prometheus.client.exporter.common.TextFormat", true, pluginLoader)
                .getMethod("write004", Writer.class, Enumeration.class);
    }

    static FlinkPrometheusPeer load(Properties options) throws ReflectiveOperationException, IOException {
        Path jar = Path.of(System.getProperty("flink.prometheus.jar", ""));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("set -Dflink.prometheus.jar to flink-metrics-prometheus-1.20.3.jar (the bench pom does)");
        }
        String[] parentFirst = CoreOptions.getPluginParentFirstLoaderPatterns(new Configuration());
        PluginLoader loader = PluginLoader.create(new PluginDescriptor("flink-prometheus", new java.net.URL[]{jar.toUri().toURL()}, new String[0]),
                FlinkPrometheusPeer.class.getClassLoader(), parentFirst);
        Iterator<MetricReporterFactory> factories = loader.load(MetricReporterFactory.class);
        while (factories.hasNext()) {
            MetricReporterFactory factory = factories.next();
            if (factory.getClass().getName().equals("org.apache.flink.metrics.prometheus.PrometheusReporterFactory")) {
                MetricConfig config = new MetricConfig(); // what Flink passes; its factory casts to it
                config.putAll(options);
                return new FlinkPrometheusPeer(factory.createMetricReporter(config));
            }
        }
        throw new IllegalStateException("no PrometheusReporterFactory in " + jar);
    }

    MetricReporter reporter() {
        return reporter;
    }

    /** One scrape as Flink's handler renders it; returns the gzipped size. */
    int scrape() throws IOException, ReflectiveOperationException {
        text.reset();
        OutputStreamWriter writer = new OutputStreamWriter(text);
        write004.invoke(null, writer, filteredSamples.invoke(registry, Set.of()));
        writer.flush();
        compressed.reset();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            text.writeTo(gzip);
        }
        return compressed.size();
    }

    int uncompressedSize() {
        return text.size();
    }
}
