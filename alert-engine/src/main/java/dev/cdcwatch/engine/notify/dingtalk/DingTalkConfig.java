package dev.cdcwatch.engine.notify.dingtalk;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One {@code dingtalk_configs} entry. {@code ownerMobiles} maps the value of the {@code ownerLabel}
 * label of an alert to the mobiles to @mention; {@code keyword} is put into every message because a
 * robot with a keyword check rejects messages without it.
 */
public record DingTalkConfig(URI webhookUrl, String secret, String keyword, List<String> atMobiles, boolean atAll,
                             String ownerLabel, Map<String, List<String>> ownerMobiles, boolean sendResolved,
                             int messagesPerMinute, int maxMessageBytes, Duration timeout, Duration throttleBackoff,
                             MessageTemplate template, String dashboardUrl, String silenceUrl, ZoneId timeZone) {

    public static final int DINGTALK_MESSAGES_PER_MINUTE = 20;
    public static final int DINGTALK_MAX_MARKDOWN_BYTES = 20_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_THROTTLE_BACKOFF = Duration.ofSeconds(60);
    public static final String DEFAULT_OWNER_LABEL = "owner";
    /** The uid of the CDC overview dashboard, shipped in {@code dashboards/} and served by the engine. */
    public static final String OVERVIEW_DASHBOARD_UID = "cdcwatch-overview";
    /** The overview dashboard's JSON as the engine serves it; with {@code notify.grafana_url} set, the dashboard in Grafana instead. */
    public static final String DEFAULT_DASHBOARD_URL = "{{external_url}}/dashboards/" + OVERVIEW_DASHBOARD_UID + ".json";
    /** The engine's own form for a new silence, with the alert's matchers filled in. */
    public static final String DEFAULT_SILENCE_URL = "{{external_url}}/silences/new?filter={{silence_filter}}";

    /** Grafana's address of the overview dashboard (by uid, as provisioned from {@code dashboards/}). */
    public static String grafanaDashboardUrl(String grafanaUrl) {
        return grafanaUrl.replaceAll("/+$", "") + "/d/" + OVERVIEW_DASHBOARD_UID;
    }

    public DingTalkConfig {
        atMobiles = List.copyOf(atMobiles);
        ownerMobiles = Map.copyOf(ownerMobiles);
    }
}
