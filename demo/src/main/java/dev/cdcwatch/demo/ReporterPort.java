package dev.cdcwatch.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Finds the port the job's reporter bound, from the engine's {@code /api/v1/status}: every push names its
 * reporter as {@code host:port}. Flink starts reporters itself and only logs a reporter that cannot bind,
 * so waiting for the first push is also how the demo notices a reporter that will never send anything.
 */
final class ReporterPort {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI status;
    private final String job;

    ReporterPort(int enginePort, String job) {
        this.status = URI.create("http://127.0.0.1:" + enginePort + "/api/v1/status");
        this.job = job;
    }

    /** Waits for the job's reporter to push; fails with what to check when it has not within the timeout. */
    int await(Duration timeout, BooleanSupplier stopped, String portRange) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !stopped.getAsBoolean()) {
            OptionalInt port = find();
            if (port.isPresent()) {
                return port.getAsInt();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(stopped.getAsBoolean() ? "the demo was stopped while starting"
                : "the cdc-watch reporter of job " + job + " has not pushed to the engine within " + timeout.toSeconds()
                + " s; is a port in " + portRange + " free? (Flink's log above says why a reporter did not start)");
    }

    /** The port of the job's reporter once it has pushed, read from its instance {@code host:port}. */
    OptionalInt find() {
        JsonArray reporters;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return OptionalInt.empty();
            }
            reporters = new JsonObject(response.body()).getJsonArray("reporters", new JsonArray());
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
        return reporters.stream().map(JsonObject.class::cast)
                .filter(reporter -> job.equals(reporter.getString("job")))
                .map(reporter -> reporter.getString("instance", ""))
                .filter(instance -> instance.matches(".*:[1-9][0-9]*"))
                .mapToInt(instance -> Integer.parseInt(instance.substring(instance.lastIndexOf(':') + 1)))
                .findFirst();
    }
}
