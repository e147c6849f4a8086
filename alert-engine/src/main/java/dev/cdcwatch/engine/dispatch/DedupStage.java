package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.notify.Integration;
import dev.cdcwatch.engine.notify.NotificationLog;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lets a flush through to one integration only when it has news against the notification log: new
 * firing alerts, resolutions of alerts it announced (if it sends resolved), or repeat_interval elapsed.
 * The log is in the database, so a restarted engine does not page again for what it already sent.
 */
final class DedupStage implements Stage {

    private final NotificationLog log;
    private final Integration integration;

    DedupStage(NotificationLog log, Integration integration) {
        this.log = log;
        this.integration = integration;
    }

    @Override
    public List<DispatchAlert> exec(FlushContext context, List<DispatchAlert> alerts) {
        Optional<NotificationLog.Entry> previous = log.find(integration.name(), context.groupKey());
        Set<String> announced = previous.map(NotificationLog.Entry::firing).orElse(Set.of());
        Set<String> firing = fingerprints(alerts, false);
        Set<String> resolvedAnnounced = new HashSet<>(fingerprints(alerts, true));
        resolvedAnnounced.retainAll(announced);

        boolean newFiring = !announced.containsAll(firing);
        boolean repeat = !firing.isEmpty() && previous.isPresent()
                && !context.now().isBefore(previous.get().sentAt().plus(context.route().timing().repeatInterval()));
        boolean resolvedNews = integration.sendResolved() && !resolvedAnnounced.isEmpty();
        if (newFiring || repeat || resolvedNews) {
            return alerts.stream()
                    .filter(alert -> !alert.isResolved() || (integration.sendResolved() && resolvedAnnounced.contains(alert.fingerprint())))
                    .toList();
        }
        if (!resolvedAnnounced.isEmpty()) {
            Set<String> stillAnnounced = new HashSet<>(announced);
            stillAnnounced.removeAll(resolvedAnnounced);
            log.write(integration.name(), context.groupKey(),
                    new NotificationLog.Entry(stillAnnounced, previous.get().resolved(), previous.get().sentAt()));
        }
        return List.of();
    }

    private static Set<String> fingerprints(List<DispatchAlert> alerts, boolean resolved) {
        return alerts.stream().filter(alert -> alert.isResolved() == resolved).map(DispatchAlert::fingerprint).collect(Collectors.toSet());
    }
}
