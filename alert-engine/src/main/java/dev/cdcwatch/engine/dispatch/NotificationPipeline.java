package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.notify.Integration;
import dev.cdcwatch.engine.notify.NotificationLog;
import dev.cdcwatch.engine.notify.Outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole flow after grouping, in one place, as in Alertmanager:
 * time intervals -> inhibition -> silences, then per integration of the route's receiver:
 * dedup against the notification log -> outbox (delivery with retry runs from there).
 */
public final class NotificationPipeline {

    private final List<Stage> common;
    private final Map<String, List<List<Stage>>> perReceiver = new LinkedHashMap<>();

    public NotificationPipeline(Map<String, TimeInterval> timeIntervals, Inhibitor inhibitor, Muter silences,
                                Map<String, List<Integration>> integrationsByReceiver, NotificationLog log, Outbox outbox,
                                String externalUrl, Runnable wakeDelivery) {
        this.common = List.of(new TimeIntervalStage(timeIntervals), new MuteStage(inhibitor), new MuteStage(silences));
        integrationsByReceiver.forEach((receiver, integrations) -> {
            List<List<Stage>> chains = new ArrayList<>();
            for (Integration integration : integrations) {
                chains.add(List.of(new DedupStage(log, integration),
                        new OutboxStage(outbox, integration, inhibitor, externalUrl, wakeDelivery)));
            }
            perReceiver.put(receiver, chains);
        });
    }

    public void flush(FlushContext context, List<DispatchAlert> alerts) {
        List<DispatchAlert> passed = run(common, context, alerts);
        if (passed.isEmpty()) {
            return;
        }
        for (List<Stage> chain : perReceiver.getOrDefault(context.route().receiver(), List.of())) {
            run(chain, context, passed);
        }
    }

    private static List<DispatchAlert> run(List<Stage> stages, FlushContext context, List<DispatchAlert> alerts) {
        List<DispatchAlert> current = alerts;
        for (Stage stage : stages) {
            if (current.isEmpty()) {
                return current;
            }
            current = stage.exec(context, current);
        }
        return current;
    }
}
