package dev.cdcwatch.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's control endpoint on 127.0.0.1: {@code POST /faults/<name>} injects a fault,
 * {@code DELETE /faults/<name>} removes it, {@code GET /faults} lists them. A second terminal
 * drives the demo with curl. Injecting a fault that is on, or taking back one that is off, does
 * nothing and is answered 409: taking back a stopped job twice would otherwise start a second job.
 */
final class FaultController implements AutoCloseable {

    /** One fault scenario: how to inject it and how to take it back; a momentary one (a kill) is never "on". */
    record Fault(String description, Runnable inject, Runnable clear, boolean momentary) {

        static Fault lasting(String description, Runnable inject, Runnable clear) {
            return new Fault(description, inject, clear, false);
        }

        static Fault momentary(String description, Runnable inject) {
            return new Fault(description, inject, () -> { }, true);
        }
    }

    /** A fault asked to go where it already is: on when on, off when off. */
    static final class StateConflict extends IllegalStateException {
        StateConflict(String message) {
            super(message);
        }
    }

    private final Map<String, Fault> faults;
    private final Map<String, Boolean> active = new ConcurrentHashMap<>();
    private final HttpServer server;

    FaultController(int port, Map<String, Fault> faults) {
        this.faults = new TreeMap<>(faults);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the demo control port " + port, e);
        }
        server.createContext("/faults", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    synchronized void inject(String name) {
        Fault fault = fault(name);
        if (active.containsKey(name)) {
            throw new StateConflict(name + " is already on; DELETE /faults/" + name + " takes it back");
        }
        fault.inject().run();
        if (!fault.momentary()) {
            active.put(name, true);
        }
    }

    synchronized void clear(String name) {
        Fault fault = fault(name);
        if (fault.momentary()) {
            throw new StateConflict(name + " is momentary: there is nothing to take back");
        }
        if (!active.containsKey(name)) {
            throw new StateConflict(name + " is not on; nothing was changed");
        }
        fault.clear().run();
        active.remove(name);
    }

    Map<String, Fault> faults() {
        return faults;
    }

    private Fault fault(String name) {
        Fault fault = faults.get(name);
        if (fault == null) {
            throw new IllegalArgumentException("unknown fault '" + name + "'; known: " + faults.keySet());
        }
        return fault;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String name = path.length() > "/faults/".length() ? path.substring("/faults/".length()) : "";
            String method = exchange.getRequestMethod();
            try {
                if (method.equals("GET") && name.isEmpty()) {
                    StringBuilder listing = new StringBuilder();
                    faults.forEach((fault, definition) -> listing.append(definition.momentary() ? "[kill] "
                            : active.containsKey(fault) ? "[on]   " : "[off]  ")
                            .append(fault).append(" - ").append(definition.description()).append('\n'));
                    respond(exchange, 200, listing.toString());
                } else if (method.equals("POST") && !name.isEmpty()) {
                    inject(name);
                    respond(exchange, 200, "injected " + name + "\n");
                } else if (method.equals("DELETE") && !name.isEmpty()) {
                    clear(name);
                    respond(exchange, 200, "cleared " + name + "\n");
                } else {
                    respond(exchange, 405, "use GET /faults, POST /faults/<name> or DELETE /faults/<name>\n");
                }
            } catch (IllegalArgumentException e) {
                respond(exchange, 404, e.getMessage() + "\n");
            } catch (StateConflict e) {
                respond(exchange, 409, e.getMessage() + "\n");
            } catch (RuntimeException e) {
                respond(exchange, 500, name + " failed: " + e.getMessage() + "\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
