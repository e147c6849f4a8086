package dev.cdcwatch.engine.notify.dingtalk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.engine.notify.DeliveryOutcome;
import dev.cdcwatch.engine.notify.GroupNotification;
import dev.cdcwatch.engine.notify.HttpSender;
import dev.cdcwatch.engine.notify.Integration;
import dev.cdcwatch.engine.notify.OutboxEntry;
import dev.cdcwatch.engine.notify.RenderedMessage;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A DingTalk robot. Keeps to the robot's rate limit itself: when more messages are due than the minute
 * allows, the last free slot carries one summary of all the rest, so nothing is silently dropped.
 * errcode 130101 (throttled) is retried later; 310000 (signature, keyword, IP) fails for good.
 */
public final class DingTalkIntegration implements Integration {

    static final int THROTTLED = 130101;
    static final int SECURITY_REJECTED = 310000;
    static final int SYSTEM_BUSY = -1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String receiver;
    private final int index;
    private final DingTalkConfig config;
    private final HttpSender http;
    private final Clock clock;
    private final DingTalkRenderer renderer;
    private final RateWindow window;

    public DingTalkIntegration(String receiver, int index, DingTalkConfig config, HttpSender http, Clock clock) {
        this.receiver = receiver;
        this.index = index;
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.renderer = new DingTalkRenderer(config);
        this.window = new RateWindow(config.messagesPerMinute());
    }

    @Override
    public String receiver() {
        return receiver;
    }

    @Override
    public String type() {
        return "dingtalk";
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public boolean sendResolved() {
        return config.sendResolved();
    }

    @Override
    public List<RenderedMessage> render(GroupNotification notification) {
        List<DingTalkMessage> parts = MessageSplitter.split(renderer.draft(notification), config.atAll(), config.maxMessageBytes());
        List<RenderedMessage> messages = new ArrayList<>();
        for (DingTalkMessage part : parts) {
            messages.add(new RenderedMessage(part.title(), part.toJson(), notification.alerts().size()));
        }
        return messages;
    }

    @Override
    public List<DeliveryOutcome> deliver(List<OutboxEntry> entries) {
        int free = window.free(clock.instant());
        if (free <= 0) {
            Duration wait = window.untilFree(clock.instant());
            return Collections.nCopies(entries.size(), new DeliveryOutcome.Retry("rate limit of " + config.messagesPerMinute()
                    + "/min reached; next slot in " + wait.toMillis() + " ms", wait, true));
        }
        int single = entries.size() <= free ? entries.size() : free - 1;
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < single; i++) {
            DeliveryOutcome outcome = send(DingTalkMessage.fromJson(entries.get(i).payload()));
            outcomes.add(outcome);
            if (outcome instanceof DeliveryOutcome.Retry retry && retry.throttled()) {
                outcomes.addAll(Collections.nCopies(entries.size() - outcomes.size(), outcome));
                return outcomes;
            }
        }
        if (single < entries.size()) {
            List<OutboxEntry> rest = entries.subList(single, entries.size());
            DeliveryOutcome outcome = send(RateLimitSummary.combine(rest, config));
            DeliveryOutcome each = outcome instanceof DeliveryOutcome.Delivered
                    ? new DeliveryOutcome.Delivered("in a summary of " + rest.size() + " messages (rate limit "
                    + config.messagesPerMinute() + "/min)", true)
                    : outcome;
            outcomes.addAll(Collections.nCopies(rest.size(), each));
        }
        return outcomes;
    }

    private DeliveryOutcome send(DingTalkMessage message) {
        long now = clock.millis();
        URI url = config.secret() == null ? config.webhookUrl() : DingTalkSigner.signedUrl(config.webhookUrl(), config.secret(), now);
        HttpSender.Reply reply = http.postJson(url, message.toJson(), Map.of(), config.timeout());
        if (reply.answered()) {
            window.record(clock.instant());
        }
        return reply.ok() ? interpret(reply.body()) : reply.notDelivered("DingTalk");
    }

    private DeliveryOutcome interpret(String body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return new DeliveryOutcome.Retry("DingTalk answered 200 with a body that is not JSON: " + body, Duration.ZERO, false);
        }
        int code = answer.path("errcode").asInt(Integer.MIN_VALUE);
        String reason = "errcode " + code + ": " + answer.path("errmsg").asText();
        if (code == 0) {
            return new DeliveryOutcome.Delivered("ok", false);
        }
        if (code == THROTTLED) {
            return new DeliveryOutcome.Retry(reason, config.throttleBackoff(), true);
        }
        if (code == SYSTEM_BUSY || code == Integer.MIN_VALUE) {
            return new DeliveryOutcome.Retry(reason, Duration.ZERO, false);
        }
        return new DeliveryOutcome.Failed(code == SECURITY_REJECTED
                ? reason + " (check the robot's secret, keyword and IP allow-list)" : reason);
    }
}
