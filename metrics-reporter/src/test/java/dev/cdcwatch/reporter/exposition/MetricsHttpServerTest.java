package dev.cdcwatch.reporter.exposition;

import dev.cdcwatch.reporter.config.ReporterOptions;
import dev.cdcwatch.reporter.support.Exposition;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Where /metrics binds: the port range shared by several TaskManagers of one host, and the host option. */
class MetricsHttpServerTest {

    private static ReporterOptions options(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ReporterOptions.parse(properties);
    }

    private static CollectorRegistry registryWithOneGauge() {
        CollectorRegistry registry = new CollectorRegistry();
        Gauge.build("cdcwatch_binding_test", "a gauge to scrape").register(registry).set(7);
        return registry;
    }

    @Test
    void secondReporterOnOneHostTakesTheNextPortOfTheRange() throws IOException {
        int first = twoAdjacentFreePorts();
        ReporterOptions options = options("port", first + "-" + (first + 1), "host", "127.0.0.1");
        CollectorRegistry registry = registryWithOneGauge();

        try (MetricsHttpServer taskManager1 = MetricsHttpServer.start(options.host(), options.ports(), registry);
             MetricsHttpServer taskManager2 = MetricsHttpServer.start(options.host(), options.ports(), registry)) {
            assertThat(taskManager1.port()).isEqualTo(first);
            assertThat(taskManager2.port()).isEqualTo(first + 1);
            assertThat(Exposition.scrape(taskManager1.port()).samples("cdcwatch_binding_test")).singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isEqualTo(7));
            assertThat(Exposition.scrape(taskManager2.port()).samples("cdcwatch_binding_test")).singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isEqualTo(7));
        }
    }

    @Test
    void hostOptionBindsOnlyThatAddressAndTheDefaultBindsEveryInterface() {
        ReporterOptions loopback = options("port", "0", "host", "127.0.0.1");
        ReporterOptions everywhere = options("port", "0");
        CollectorRegistry registry = registryWithOneGauge();

        try (MetricsHttpServer onLoopback = MetricsHttpServer.start(loopback.host(), loopback.ports(), registry);
             MetricsHttpServer onEveryInterface = MetricsHttpServer.start(everywhere.host(), everywhere.ports(), registry)) {
            assertThat(onLoopback.address().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(onEveryInterface.address().getAddress().isAnyLocalAddress()).isTrue();
            assertThat(Exposition.scrape(onLoopback.port()).samples("cdcwatch_binding_test")).hasSize(1);
        }
    }

    /** A free port whose successor is free too, so the range test does not meet a stranger on the second port. */
    private static int twoAdjacentFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = probe.getLocalPort();
                if (port < 65535 && isFree(port + 1)) {
                    return port;
                }
            }
        }
        throw new IllegalStateException("no two adjacent free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
