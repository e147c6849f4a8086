package dev.cdcwatch.demo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The control endpoint over HTTP, as the README's curl commands use it. */
class FaultControllerTest {

    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger cleared = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FaultController controller = new FaultController(0, Map.of(
            "stop-job", FaultController.Fault.lasting("cancel the job", injected::incrementAndGet, cleared::incrementAndGet),
            "kill-binlog", FaultController.Fault.momentary("kill the connection", kills::incrementAndGet)));

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void injectingAFaultThatIsOnIsRefusedWith409AndRunsNothing() throws Exception {
        assertThat(send("POST", "stop-job").statusCode()).isEqualTo(200);

        HttpResponse<String> again = send("POST", "stop-job");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("stop-job is already on");
        assertThat(injected).hasValue(1);
    }

    @Test
    void takingBackAFaultThatIsOffIsRefusedWith409AndRunsNothing() throws Exception {
        HttpResponse<String> never = send("DELETE", "stop-job");
        assertThat(send("POST", "stop-job").statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "stop-job").statusCode()).isEqualTo(200);
        HttpResponse<String> twice = send("DELETE", "stop-job");

        assertThat(never.statusCode()).isEqualTo(409);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("stop-job is not on");
        assertThat(cleared).hasValue(1);
    }

    @Test
    void aMomentaryFaultRunsEachTimeAndHasNothingToTakeBack() throws Exception {
        assertThat(send("POST", "kill-binlog").statusCode()).isEqualTo(200);
        assertThat(send("POST", "kill-binlog").statusCode()).isEqualTo(200);
        HttpResponse<String> delete = send("DELETE", "kill-binlog");

        assertThat(kills).hasValue(2);
        assertThat(delete.statusCode()).isEqualTo(409);
        assertThat(delete.body()).contains("momentary");
        assertThat(send("GET", "").body()).contains("[off]  stop-job", "[kill] kill-binlog");
    }

    @Test
    void anUnknownFaultIs404() throws Exception {
        assertThat(send("POST", "unplug-the-moon").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String fault) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + controller.port() + "/faults" + (fault.isEmpty() ? "" : "/" + fault));
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
