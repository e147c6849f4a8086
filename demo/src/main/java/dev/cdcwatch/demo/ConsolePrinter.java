package dev.cdcwatch.demo;

import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints every message the demo's DingTalk robot and webhook endpoint receive, as a person would read them. */
final class ConsolePrinter implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final DingTalkRobotServer dingTalk;
    private final HttpReceiver webhook;
    private final ScheduledExecutorService poller;
    private int dingTalkPrinted;
    private int webhookPrinted;

    ConsolePrinter(PrintStream out, DingTalkRobotServer dingTalk, HttpReceiver webhook) {
        this.out = out;
        this.dingTalk = dingTalk;
        this.webhook = webhook;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-console");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::printNew, 200, 200, TimeUnit.MILLISECONDS);
    }

    private synchronized void printNew() {
        List<DingTalkRobotServer.AcceptedMessage> messages = dingTalk.accepted();
        for (; dingTalkPrinted < messages.size(); dingTalkPrinted++) {
            DingTalkRobotServer.AcceptedMessage message = messages.get(dingTalkPrinted);
            out.printf("%n==== DingTalk robot %s  %s  (@%s%s)%n%s%n", TIME.format(Instant.ofEpochMilli(message.receivedAtMillis())),
                    message.title(), String.join(", @", message.atMobiles()), message.atAll() ? ", @all" : "", message.text());
        }
        List<ReceivedRequest> hooks = webhook.requests();
        for (; webhookPrinted < hooks.size(); webhookPrinted++) {
            ReceivedRequest request = hooks.get(webhookPrinted);
            out.printf("%n==== Webhook %s  %s  %s%n", TIME.format(Instant.ofEpochMilli(request.receivedAtMillis())),
                    request.uri().getPath(), WebhookSummary.of(request.bodyText()));
        }
        out.flush();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
