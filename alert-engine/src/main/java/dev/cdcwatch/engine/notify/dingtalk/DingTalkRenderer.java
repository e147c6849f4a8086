package dev.cdcwatch.engine.notify.dingtalk;

import dev.cdcwatch.engine.dispatch.DispatchAlert;
import dev.cdcwatch.engine.notify.GroupNotification;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Turns a group notification into DingTalk markdown: a header, one block per alert from the template, @mentions. */
final class DingTalkRenderer {

    private final DingTalkConfig config;
    private final DateTimeFormatter timeFormat;
    private final MessageTemplate links;

    DingTalkRenderer(DingTalkConfig config) {
        this.config = config;
        this.links = MessageTemplate.parse(config.dashboardUrl() + "\n" + config.silenceUrl());
        this.timeFormat = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT).withZone(config.timeZone());
    }

    /** Title, markdown blocks (header first) and mobiles to mention; the splitter packs the blocks into messages. */
    record Draft(String title, List<String> blocks, List<String> mentions) {
    }

    Draft draft(GroupNotification notification) {
        List<DispatchAlert> firing = notification.firing();
        List<DispatchAlert> resolved = notification.resolved();
        String name = notification.alerts().get(0).name();
        String keyword = config.keyword() == null ? "" : config.keyword() + " ";
        String title = keyword + "[" + notification.status().toUpperCase(Locale.ROOT) + ":" + (firing.isEmpty() ? resolved.size() : firing.size())
                + "] " + name + groupSuffix(notification.groupLabels());
        List<String> blocks = new ArrayList<>();
        blocks.add("### " + title + "\n");
        for (DispatchAlert alert : firing) {
            blocks.add(renderAlert(alert, notification));
        }
        if (!resolved.isEmpty()) {
            blocks.add("---\n");
            for (DispatchAlert alert : resolved) {
                blocks.add(renderAlert(alert, notification));
            }
        }
        return new Draft(title, blocks, mentions(firing.isEmpty() ? resolved : firing));
    }

    private String renderAlert(DispatchAlert alert, GroupNotification notification) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("status", alert.isResolved() ? "resolved" : "firing");
        fields.put("status_icon", alert.isResolved() ? "✅" : "🔥");
        fields.put("severity", orDash(alert.label("severity")));
        fields.put("alertname", alert.name());
        fields.put("summary", orDash(alert.annotation("summary")));
        fields.put("description", alert.annotation("description"));
        fields.put("value", orDash(alert.annotation("value")));
        fields.put("since", timeFormat.format(alert.startsAt()));
        fields.put("ended", alert.isResolved() ? ", resolved " + timeFormat.format(alert.endsAt()) : "");
        for (String label : List.of("job", "database", "table", "topic", "group")) {
            fields.put(label, orDash(alert.label(label)));
        }
        fields.put("impact", impact(alert));
        fields.put("held_back", heldBack(notification.heldBack().getOrDefault(alert.fingerprint(), List.of())));
        fields.put("external_url", notification.externalUrl());
        fields.put("silence_filter", URLEncoder.encode(silenceFilter(alert), StandardCharsets.UTF_8));
        fields.put("fingerprint", alert.fingerprint());
        String[] urls = links.render(fields, alert.labels(), alert.annotations()).split("\n", 2);
        fields.put("dashboard_url", urls[0]);
        fields.put("silence_url", urls[1]);
        return config.template().render(fields, alert.labels(), alert.annotations()).replaceAll("\n{3,}", "\n\n");
    }

    private static String impact(DispatchAlert alert) {
        String topics = alert.annotation("downstream_topics");
        String groups = alert.annotation("downstream_groups");
        String tables = alert.annotation("upstream_tables");
        List<String> parts = new ArrayList<>();
        if (!tables.isEmpty()) {
            parts.add("upstream tables " + tables);
        }
        if (!topics.isEmpty()) {
            parts.add("topics " + topics);
        }
        if (!groups.isEmpty()) {
            parts.add("consumer groups " + groups);
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    private static String heldBack(List<DispatchAlert> symptoms) {
        if (symptoms.isEmpty()) {
            return "";
        }
        return "- Held back (caused by this): " + symptoms.stream()
                .map(symptom -> symptom.name() + describeWhere(symptom))
                .sorted().collect(Collectors.joining(", ")) + "\n";
    }

    private static String describeWhere(DispatchAlert alert) {
        List<String> where = new ArrayList<>();
        for (String label : List.of("table", "topic", "group")) {
            if (!alert.label(label).isEmpty()) {
                where.add(label + "=" + alert.label(label));
            }
        }
        return where.isEmpty() ? "" : "{" + String.join(",", where) + "}";
    }

    private static String silenceFilter(DispatchAlert alert) {
        return "{" + alert.labels().entrySet().stream()
                .filter(pair -> Set.of("alertname", "job", "database", "table", "topic", "group").contains(pair.getKey()))
                .map(pair -> pair.getKey() + "=\"" + pair.getValue() + "\"")
                .collect(Collectors.joining(",")) + "}";
    }

    private List<String> mentions(List<DispatchAlert> alerts) {
        Set<String> mobiles = new LinkedHashSet<>(config.atMobiles());
        for (DispatchAlert alert : alerts) {
            mobiles.addAll(config.ownerMobiles().getOrDefault(alert.label(config.ownerLabel()), List.of()));
        }
        return List.copyOf(mobiles);
    }

    private static String groupSuffix(Map<String, String> groupLabels) {
        Map<String, String> shown = new TreeMap<>(groupLabels);
        shown.remove("alertname");
        return shown.isEmpty() ? "" : " " + shown.entrySet().stream().map(pair -> pair.getKey() + "=" + pair.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : value;
    }
}
