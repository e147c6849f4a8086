package dev.cdcwatch.engine.dispatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cdcwatch.config.ConfigNode;
import dev.cdcwatch.engine.dispatch.GroupBy;
import dev.cdcwatch.engine.dispatch.GroupTiming;
import dev.cdcwatch.engine.dispatch.InhibitRule;
import dev.cdcwatch.engine.dispatch.LineageInhibition;
import dev.cdcwatch.engine.dispatch.Matchers;
import dev.cdcwatch.engine.dispatch.Route;
import dev.cdcwatch.engine.dispatch.TimeInterval;
import dev.cdcwatch.engine.notify.DeliveryPolicy;
import dev.cdcwatch.engine.notify.dingtalk.DingTalkConfig;
import dev.cdcwatch.engine.series.LabelMatcher;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the alerting sections of the engine config: {@code route}, {@code receivers},
 * {@code inhibit_rules}, {@code lineage_inhibition}, {@code time_intervals} and {@code notify}.
 * Other keys of the given mapping are left to their owners.
 */
public final class DispatchConfigParser {

    private static final Set<String> ROUTE_KEYS = Set.of("receiver", "matchers", "continue", "group_by", "group_wait",
            "group_interval", "repeat_interval", "mute_time_intervals", "active_time_intervals", "routes");
    private static final Set<String> NOTIFY_KEYS = Set.of("external_url", "grafana_url", "allowed_hosts", "poll_interval",
            "initial_backoff", "max_backoff", "give_up_after");

    private DispatchConfigParser() {
    }

    /** Parses a YAML document holding the alerting sections at its top level. */
    public static DispatchConfig parseYaml(String yaml) {
        try {
            return parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (IOException e) {
            throw new DispatchConfigException("(document)", "is not valid YAML: " + e.getMessage());
        }
    }

    /** Parses the alerting sections of an already-read config tree (its top level, or the mapping that holds them). */
    public static DispatchConfig parse(JsonNode root) {
        ConfigNode top = new ConfigNode("", root, DispatchConfigException::new);
        ConfigNode notify = top.section("notify");
        notify.rejectUnknownKeys(NOTIFY_KEYS);
        String externalUrl = notify.string("external_url", "http://localhost:8080");
        String grafanaUrl = notify.string("grafana_url", null);
        String dashboardUrl = grafanaUrl == null ? DingTalkConfig.DEFAULT_DASHBOARD_URL : DingTalkConfig.grafanaDashboardUrl(grafanaUrl);
        Set<String> allowedHosts = Set.copyOf(notify.has("allowed_hosts") ? notify.strings("allowed_hosts") : List.of("oapi.dingtalk.com"));
        DeliveryPolicy defaults = DeliveryPolicy.DEFAULTS;
        DeliveryPolicy delivery = new DeliveryPolicy(notify.duration("poll_interval", defaults.pollInterval()),
                notify.duration("initial_backoff", defaults.initialBackoff()), notify.duration("max_backoff", defaults.maxBackoff()),
                notify.duration("give_up_after", defaults.giveUpAfter()));

        Map<String, TimeInterval> intervals = TimeIntervalParser.parse(top.sections("time_intervals"));
        Map<String, Receiver> receivers = new LinkedHashMap<>();
        for (ConfigNode node : top.sections("receivers")) {
            Receiver receiver = ReceiverParser.parse(node, allowedHosts, dashboardUrl);
            if (receivers.put(receiver.name(), receiver) != null) {
                throw new DispatchConfigException(node.key("name"), "repeats receiver name '" + receiver.name() + "'");
            }
        }
        if (!top.has("route")) {
            throw new DispatchConfigException("route", "is required (the root route names the default receiver)");
        }
        Route route = route(top.section("route"), null, "{}", receivers, intervals);
        return new DispatchConfig(route, receivers, inhibitRules(top), lineage(top.section("lineage_inhibition")),
                intervals, externalUrl, delivery);
    }

    private static Route route(ConfigNode node, Route parent, String parentKey, Map<String, Receiver> receivers,
                               Map<String, TimeInterval> intervals) {
        node.rejectUnknownKeys(ROUTE_KEYS);
        String receiver = parent == null ? node.requiredString("receiver") : node.string("receiver", parent.receiver());
        if (!receivers.containsKey(receiver)) {
            throw new DispatchConfigException(node.key("receiver"), "names receiver '" + receiver + "', which is not defined in receivers "
                    + receivers.keySet());
        }
        List<LabelMatcher> matchers = matchers(node, "matchers");
        if (parent == null && !matchers.isEmpty()) {
            throw new DispatchConfigException(node.key("matchers"), "is not allowed on the root route, which takes every alert");
        }
        GroupTiming inherited = parent == null ? GroupTiming.DEFAULTS : parent.timing();
        GroupTiming timing = new GroupTiming(node.duration("group_wait", inherited.groupWait()),
                positive(node, "group_interval", inherited.groupInterval()), positive(node, "repeat_interval", inherited.repeatInterval()));
        GroupBy groupBy = parent == null ? GroupBy.ALERTNAME : parent.groupBy();
        if (node.has("group_by")) {
            List<String> labels = node.strings("group_by");
            groupBy = labels.contains("...") ? new GroupBy(List.of(), true) : new GroupBy(labels, false);
        }
        List<String> mute = intervalNames(node, "mute_time_intervals", parent == null ? List.of() : parent.muteTimeIntervals(), intervals);
        List<String> active = intervalNames(node, "active_time_intervals", parent == null ? List.of() : parent.activeTimeIntervals(), intervals);
        String key = parent == null ? "{}" : parentKey + "/" + matchersKey(matchers);
        Route self = new Route(key, receiver, matchers, node.bool("continue", false), groupBy, timing, mute, active, List.of());
        List<Route> children = new ArrayList<>();
        for (ConfigNode child : node.sections("routes")) {
            children.add(route(child, self, key, receivers, intervals));
        }
        return new Route(key, receiver, matchers, self.continueMatching(), groupBy, timing, mute, active, children);
    }

    private static Duration positive(ConfigNode node, String name, Duration fallback) {
        Duration value = node.duration(name, fallback);
        if (value.isZero()) {
            throw new DispatchConfigException(node.key(name), "must be longer than 0");
        }
        return value;
    }

    private static List<String> intervalNames(ConfigNode node, String name, List<String> inherited, Map<String, TimeInterval> intervals) {
        if (!node.has(name)) {
            return inherited;
        }
        List<String> names = node.strings(name);
        for (int i = 0; i < names.size(); i++) {
            if (!intervals.containsKey(names.get(i))) {
                throw new DispatchConfigException(node.key(name) + "[" + i + "]", "names time interval '" + names.get(i)
                        + "', which is not defined in time_intervals " + intervals.keySet());
            }
        }
        return names;
    }

    private static String matchersKey(List<LabelMatcher> matchers) {
        return "{" + String.join(",", matchers.stream().map(LabelMatcher::toString).toList()) + "}";
    }

    static List<LabelMatcher> matchers(ConfigNode node, String name) {
        List<String> texts = node.strings(name);
        List<LabelMatcher> matchers = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                matchers.add(Matchers.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new DispatchConfigException(node.key(name) + "[" + i + "]", e.getMessage());
            }
        }
        return matchers;
    }

    private static List<InhibitRule> inhibitRules(ConfigNode top) {
        List<InhibitRule> rules = new ArrayList<>();
        for (ConfigNode node : top.sections("inhibit_rules")) {
            node.rejectUnknownKeys(Set.of("source_matchers", "target_matchers", "equal"));
            List<LabelMatcher> source = matchers(node, "source_matchers");
            List<LabelMatcher> target = matchers(node, "target_matchers");
            if (source.isEmpty() || target.isEmpty()) {
                throw new DispatchConfigException(node.key(source.isEmpty() ? "source_matchers" : "target_matchers"),
                        "must list at least one matcher, else the rule would mute every alert");
            }
            rules.add(new InhibitRule(source, target, node.strings("equal")));
        }
        return rules;
    }

    private static LineageInhibition lineage(ConfigNode node) {
        node.rejectUnknownKeys(Set.of("enabled", "cause_matchers", "symptom_matchers"));
        LineageInhibition defaults = LineageInhibition.DEFAULTS;
        return new LineageInhibition(node.bool("enabled", defaults.enabled()),
                node.has("cause_matchers") ? matchers(node, "cause_matchers") : defaults.causeMatchers(),
                node.has("symptom_matchers") ? matchers(node, "symptom_matchers") : defaults.symptomMatchers());
    }
}
