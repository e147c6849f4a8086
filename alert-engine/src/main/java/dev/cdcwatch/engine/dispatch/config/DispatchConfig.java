package dev.cdcwatch.engine.dispatch.config;

import dev.cdcwatch.engine.dispatch.InhibitRule;
import dev.cdcwatch.engine.dispatch.LineageInhibition;
import dev.cdcwatch.engine.dispatch.Route;
import dev.cdcwatch.engine.dispatch.TimeInterval;
import dev.cdcwatch.engine.notify.DeliveryPolicy;

import java.util.List;
import java.util.Map;

/** Everything dispatch and delivery need, parsed once at start-up by {@link DispatchConfigParser}. */
public record DispatchConfig(Route route, Map<String, Receiver> receivers, List<InhibitRule> inhibitRules,
                             LineageInhibition lineageInhibition, Map<String, TimeInterval> timeIntervals,
                             String externalUrl, DeliveryPolicy delivery) {

    public DispatchConfig {
        receivers = Map.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
        timeIntervals = Map.copyOf(timeIntervals);
    }
}
