package dev.cdcwatch.reporter.push;

import dev.cdcwatch.reporter.config.PushFormat;
import dev.cdcwatch.reporter.config.ReporterOptions;
import dev.cdcwatch.reporter.health.ReporterHealth;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the sender does with each answer of a real HTTP endpoint on loopback: retry what may pass, drop what cannot. */
class PushSenderTest {

    private final HttpReceiver engine = HttpReceiver.start();
    private final PushBuffer buffer = new PushBuffer(10, dropped -> { });
    private final ReporterHealth health = new ReporterHealth(() -> 0);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch engineMayAnswer = new CountDownLatch(1);
    private final ExecutorService senderThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        closed.countDown();
        engineMayAnswer.countDown();
        senderThread.shutdownNow();
        senderThread.awaitTermination(10, TimeUnit.SECONDS);
        engine.close();
    }

    private void startSender() {
        startSender(Duration.ofSeconds(5));
    }

    private void startSender(Duration timeout) {
        ReporterOptions.Push options = new ReporterOptions.Push(URI.create(engine.url("/api/v1/push")), Optional.empty(),
                Duration.ofMillis(50), 10, timeout, Duration.ofMillis(200), PushFormat.BINARY, Pattern.compile("(?!)"));
        senderThread.submit(new PushSender(options, buffer, health, closed));
    }

    private static EncodedBatch batch(String body) {
        return new EncodedBatch(body.getBytes(StandardCharsets.UTF_8), "application/x-test", System.currentTimeMillis(), 1);
    }

    private static List<String> bodies(List<ReceivedRequest> requests) {
        return requests.stream().map(request -> new String(request.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void batchAnsweredWithServiceUnavailableIsSentAgainUntilTheEngineTakesIt() {
        AtomicInteger answers = new AtomicInteger();
        engine.respondWith(request -> answers.incrementAndGet() <= 2
                ? HttpReceiver.Response.json(503, "{\"error\":\"starting\"}") : HttpReceiver.Response.json(200, "{}"));
        startSender();

        buffer.add(batch("first"));

        await().atMost(Duration.ofSeconds(10)).until(() -> health.pushesOk() == 1);
        assertThat(bodies(engine.requests())).containsExactly("first", "first", "first");
        assertThat(health.pushesFailed()).isEqualTo(2);
        assertThat(buffer.size()).isZero();
    }

    @Test
    void batchTheEngineRejectsIsDroppedAndTheNextOneGoesOut() {
        engine.respondWith(request -> new String(request.body(), StandardCharsets.UTF_8).equals("malformed")
                ? HttpReceiver.Response.json(400, "{\"error\":\"sample 0: name is empty\"}") : HttpReceiver.Response.json(200, "{}"));
        startSender();

        buffer.add(batch("malformed"));
        buffer.add(batch("fine"));

        await().atMost(Duration.ofSeconds(10)).until(() -> health.pushesOk() == 1);
        assertThat(bodies(engine.requests())).containsExactly("malformed", "fine");
        assertThat(health.pushesFailed()).isEqualTo(1);
    }

    @Test
    void batchTheEngineDoesNotAnswerWithinTheTimeoutIsSentAgain() {
        AtomicInteger answers = new AtomicInteger();
        engine.respondWith(request -> {
            if (answers.incrementAndGet() == 1) {
                awaitQuietly(engineMayAnswer);
            }
            return HttpReceiver.Response.json(200, "{}");
        });
        startSender(Duration.ofMillis(300));

        buffer.add(batch("first"));

        await().atMost(Duration.ofSeconds(10)).until(() -> health.pushesOk() == 1);
        // The receiver records a request once it has answered it, so the abandoned first attempt may not be listed yet.
        assertThat(answers).hasValue(2);
        assertThat(health.pushesFailed()).isEqualTo(1);
        assertThat(buffer.size()).isZero();
    }

    /** Holds the engine's answer until the test ends, far past the sender's timeout. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
