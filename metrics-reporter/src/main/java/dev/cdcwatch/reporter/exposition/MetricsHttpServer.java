package dev.cdcwatch.reporter.exposition;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cdcwatch.reporter.config.PortRange;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.SampleNameFilter;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus endpoint: {@code /metrics} (and {@code /}) in the text format, or OpenMetrics when the scraper
 * asks for it, gzip when accepted, {@code name[]} filters as simpleclient's server takes them; {@code /-/healthy}.
 * One daemon thread serves scrapes, so a slow scraper never touches Flink's threads.
 */
public final class MetricsHttpServer implements AutoCloseable {

    private static final byte[] HEALTHY = "Exporter is healthy.\n".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final ScrapeRenderer renderer;

    private MetricsHttpServer(HttpServer server, ExecutorService executor, ScrapeRenderer renderer) {
        this.server = server;
        this.executor = executor;
        this.renderer = renderer;
    }

    /**
     * Binds the first free port of the range on {@code host}, or on all interfaces when it is empty, as Flink's
     * Prometheus reporter does.
     */
    public static MetricsHttpServer start(String host, PortRange ports, CollectorRegistry registry) {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the scraper's delayed ACK and
        // every scrape waits ~40 ms. The JDK reads this once, for all its HTTP servers; only set it if nobody has.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        IOException last = null;
        for (int port : ports.ports()) {
            HttpServer server;
            try {
                server = HttpServer.create(host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port), 16);
            } catch (BindException e) {
                last = e;
                continue;
            } catch (IOException e) {
                last = e;
                continue;
            }
            ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cdcwatch-metrics-http-" + server.getAddress().getPort());
                thread.setDaemon(true);
                return thread;
            });
            MetricsHttpServer metrics = new MetricsHttpServer(server, executor, new ScrapeRenderer(registry));
            server.createContext("/", metrics::handle);
            server.setExecutor(executor);
            server.start();
            return metrics;
        }
        throw new IllegalStateException("cdc-watch reporter: no free port for the Prometheus endpoint in " + ports
                + (last == null ? "" : " (last error: " + last.getMessage() + ")"), last);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (path.equals("/-/healthy")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                send(exchange, HEALTHY, HEALTHY.length);
                return;
            }
            if (!path.equals("/metrics") && !path.equals("/")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String contentType = TextFormat.chooseContentType(exchange.getRequestHeaders().getFirst("Accept"));
            Predicate<String> filter = SampleNameFilter.restrictToNamesEqualTo(null, names(exchange.getRequestURI().getRawQuery()));
            ScrapeRenderer.Body body = renderer.render(contentType, filter, acceptsGzip(exchange.getRequestHeaders().get("Accept-Encoding")));
            exchange.getResponseHeaders().set("Content-Type", body.contentType());
            if (body.gzipped()) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            send(exchange, body.bytes(), body.length());
        }
    }

    private static void send(HttpExchange exchange, byte[] bytes, int length) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
        if (length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, length);
            }
        }
    }

    static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String header : acceptEncoding) {
            for (String encoding : header.split(",")) {
                String name = encoding.split(";")[0].trim();
                if (name.equalsIgnoreCase("gzip") && !encoding.replace(" ", "").endsWith("q=0")) {
                    return true;
                }
            }
        }
        return false;
    }

    static Set<String> names(String rawQuery) {
        Set<String> names = new HashSet<>();
        if (rawQuery == null) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals("name[]")) {
                names.add(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
