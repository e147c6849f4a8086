package dev.cdcwatch.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers through a pluggable
 * responder; used as a webhook target, a push target and the base of protocol-checking peers.
 */
public final class HttpReceiver implements AutoCloseable {

    /** What the receiver answers. */
    public record Response(int status, String contentType, String body) {
        public static Response json(int status, String body) {
            return new Response(status, "application/json", body);
        }
    }

    private final HttpServer server;
    private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<ReceivedRequest, Response> responder = request -> Response.json(200, "{}");

    private HttpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port. */
    public static HttpReceiver start() {
        return start(0);
    }

    /** Starts on the given port, so a test can stop a receiver and bring it back where clients expect it. */
    public static HttpReceiver start(int port) {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK and
        // every answer waits ~40 ms. The JDK reads this once, for all its HTTP servers; only set it if nobody has.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            HttpReceiver receiver = new HttpReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "http-receiver-" + server.getAddress().getPort());
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an HTTP receiver on port " + port, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            ReceivedRequest request = new ReceivedRequest(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    ReceivedRequest.copyHeaders(exchange.getRequestHeaders()),
                    in.readAllBytes(),
                    System.currentTimeMillis());
            Response response = responder.apply(request);
            requests.add(request);
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    public void respondWith(Function<ReceivedRequest, Response> responder) {
        this.responder = responder;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<ReceivedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
