package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.series.LabelMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of the route tree. {@code key} is Alertmanager's route key ({@code {}/{team="cdc"}}), which
 * prefixes group keys. Children inherit receiver, grouping, timing and time intervals unless they set them.
 */
public record Route(String key, String receiver, List<LabelMatcher> matchers, boolean continueMatching,
                    GroupBy groupBy, GroupTiming timing, List<String> muteTimeIntervals,
                    List<String> activeTimeIntervals, List<Route> routes) {

    public Route {
        matchers = List.copyOf(matchers);
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
        routes = List.copyOf(routes);
    }

    /** The routes an alert goes to: the deepest matching children, or this route when none match. */
    public List<Route> match(Map<String, String> labels) {
        if (!Matchers.matchAll(matchers, labels)) {
            return List.of();
        }
        List<Route> matched = new ArrayList<>();
        for (Route child : routes) {
            List<Route> childMatches = child.match(labels);
            matched.addAll(childMatches);
            if (!childMatches.isEmpty() && !child.continueMatching()) {
                break;
            }
        }
        return matched.isEmpty() ? List.of(this) : matched;
    }
}
