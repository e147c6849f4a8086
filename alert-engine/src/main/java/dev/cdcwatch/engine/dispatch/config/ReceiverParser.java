package dev.cdcwatch.engine.dispatch.config;

import dev.cdcwatch.config.ConfigNode;
import dev.cdcwatch.engine.notify.dingtalk.DingTalkConfig;
import dev.cdcwatch.engine.notify.dingtalk.MessageTemplate;
import dev.cdcwatch.engine.notify.webhook.WebhookConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads one {@code receivers} entry with its {@code dingtalk_configs} and {@code webhook_configs}. */
final class ReceiverParser {

    private static final Set<String> DINGTALK_KEYS = Set.of("webhook_url", "secret", "keyword", "at_mobiles", "is_at_all",
            "owner_label", "owner_mobiles", "send_resolved", "messages_per_minute", "max_message_bytes", "timeout",
            "throttle_backoff", "message_template", "dashboard_url", "silence_url", "time_zone");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "send_resolved", "max_alerts", "timeout", "headers", "bearer_token");

    private ReceiverParser() {
    }

    /** {@code dashboardUrl}: the default of {@code dashboard_url} for this config's DingTalk entries. */
    static Receiver parse(ConfigNode node, Set<String> allowedHosts, String dashboardUrl) {
        node.rejectUnknownKeys(Set.of("name", "dingtalk_configs", "webhook_configs"));
        String name = node.requiredString("name");
        List<DingTalkConfig> dingtalk = new ArrayList<>();
        for (ConfigNode config : node.sections("dingtalk_configs")) {
            dingtalk.add(dingtalk(config, allowedHosts, dashboardUrl));
        }
        List<WebhookConfig> webhooks = new ArrayList<>();
        for (ConfigNode config : node.sections("webhook_configs")) {
            webhooks.add(webhook(config, allowedHosts));
        }
        return new Receiver(name, dingtalk, webhooks);
    }

    private static DingTalkConfig dingtalk(ConfigNode node, Set<String> allowedHosts, String defaultDashboardUrl) {
        node.rejectUnknownKeys(DINGTALK_KEYS);
        MessageTemplate template;
        String dashboardUrl = node.string("dashboard_url", defaultDashboardUrl);
        String silenceUrl = node.string("silence_url", DingTalkConfig.DEFAULT_SILENCE_URL);
        template = template(node, "message_template", node.string("message_template", MessageTemplate.DEFAULT_ALERT));
        template(node, "dashboard_url", dashboardUrl);
        template(node, "silence_url", silenceUrl);
        ZoneId zone;
        try {
            zone = node.has("time_zone") ? ZoneId.of(node.string("time_zone", "UTC")) : ZoneOffset.UTC;
        } catch (DateTimeException e) {
            throw new DispatchConfigException(node.key("time_zone"), "is not a time zone such as Asia/Shanghai or UTC");
        }
        return new DingTalkConfig(url(node, "webhook_url", allowedHosts), node.string("secret", null), node.string("keyword", null),
                node.strings("at_mobiles"), node.bool("is_at_all", false),
                node.string("owner_label", DingTalkConfig.DEFAULT_OWNER_LABEL), node.stringListMap("owner_mobiles"),
                node.bool("send_resolved", true),
                node.integer("messages_per_minute", DingTalkConfig.DINGTALK_MESSAGES_PER_MINUTE, 1, DingTalkConfig.DINGTALK_MESSAGES_PER_MINUTE),
                node.integer("max_message_bytes", DingTalkConfig.DINGTALK_MAX_MARKDOWN_BYTES, 1000, DingTalkConfig.DINGTALK_MAX_MARKDOWN_BYTES),
                node.duration("timeout", DingTalkConfig.DEFAULT_TIMEOUT), node.duration("throttle_backoff", DingTalkConfig.DEFAULT_THROTTLE_BACKOFF),
                template, dashboardUrl, silenceUrl, zone);
    }

    private static MessageTemplate template(ConfigNode node, String name, String text) {
        try {
            return MessageTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DispatchConfigException(node.key(name), e.getMessage());
        }
    }

    private static WebhookConfig webhook(ConfigNode node, Set<String> allowedHosts) {
        node.rejectUnknownKeys(WEBHOOK_KEYS);
        return new WebhookConfig(url(node, "url", allowedHosts), node.bool("send_resolved", true),
                node.integer("max_alerts", 0, 0, Integer.MAX_VALUE), node.duration("timeout", WebhookConfig.DEFAULT_TIMEOUT),
                node.stringMap("headers"), node.string("bearer_token", null));
    }

    /** An http(s) URL whose host is in {@code notify.allowed_hosts}. */
    private static URI url(ConfigNode node, String name, Set<String> allowedHosts) {
        String text = node.requiredString(name);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new DispatchConfigException(node.key(name), "is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new DispatchConfigException(node.key(name), "must be an http or https URL with a host, got '" + text + "'");
        }
        if (!allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new DispatchConfigException(node.key(name), "targets host '" + uri.getHost() + "', which is not in notify.allowed_hosts "
                    + allowedHosts.stream().sorted().toList());
        }
        return uri;
    }
}
