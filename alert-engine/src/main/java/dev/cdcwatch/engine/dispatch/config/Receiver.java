package dev.cdcwatch.engine.dispatch.config;

import dev.cdcwatch.engine.notify.dingtalk.DingTalkConfig;
import dev.cdcwatch.engine.notify.webhook.WebhookConfig;

import java.util.List;

/** A named receiver and its integrations. */
public record Receiver(String name, List<DingTalkConfig> dingtalkConfigs, List<WebhookConfig> webhookConfigs) {

    public Receiver {
        dingtalkConfigs = List.copyOf(dingtalkConfigs);
        webhookConfigs = List.copyOf(webhookConfigs);
    }
}
