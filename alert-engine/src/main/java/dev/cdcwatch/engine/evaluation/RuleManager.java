package dev.cdcwatch.engine.evaluation;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertAnnotator;
import dev.cdcwatch.engine.alerts.AlertListener;
import dev.cdcwatch.engine.alerts.AlertRegistry;
import dev.cdcwatch.engine.alerts.AlertState;
import dev.cdcwatch.engine.alerts.AlertTransition;
import dev.cdcwatch.engine.alerts.RuleAlerts;
import dev.cdcwatch.engine.alerts.TemplateExpander;
import dev.cdcwatch.engine.metrics.EngineMetrics;
import dev.cdcwatch.engine.persistence.AlertRepository;
import dev.cdcwatch.engine.rules.AlertingRule;
import dev.cdcwatch.engine.rules.RuleGroup;
import dev.cdcwatch.engine.rules.promql.Evaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs every rule group on its own schedule ({@code interval} of the group, else the engine's
 * evaluation interval) and restores stored alerts into their rules at start.
 */
public final class RuleManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleManager.class);

    private final List<GroupRunner> runners = new ArrayList<>();
    private final AlertRegistry registry;
    private final AlertRepository repository;
    private final Supplier<Instant> clock;
    private final ScheduledExecutorService scheduler;

    public RuleManager(List<RuleGroup> groups, Duration defaultInterval, Evaluator evaluator, TemplateExpander templates,
                       AlertAnnotator annotator, Duration resolvedRetention, AlertRegistry registry, AlertRepository repository,
                       List<AlertListener> listeners, EngineMetrics metrics, Supplier<Instant> clock) {
        this.registry = registry;
        this.repository = repository;
        this.clock = clock;
        for (RuleGroup group : groups) {
            List<RuleAlerts> rules = new ArrayList<>();
            for (AlertingRule rule : group.rules()) {
                RuleAlerts ruleAlerts = new RuleAlerts(group.name(), rule, templates, annotator, resolvedRetention);
                registry.register(ruleAlerts);
                rules.add(ruleAlerts);
            }
            Duration interval = group.interval() == null || group.interval().isZero() ? defaultInterval : group.interval();
            runners.add(new GroupRunner(group, interval, rules, evaluator, registry, repository, listeners, metrics, clock));
        }
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, Math.min(2, runners.size())), runnable -> {
            Thread thread = new Thread(runnable, "cdcwatch-rule-evaluation");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Hands stored alerts back to their rules. Alerts of rules that no longer exist are resolved
     * (firing) or dropped (pending), and that change is stored like any other.
     *
     * @return the resolved alerts of rules that no longer exist (resolved now or before), whose resolve may be untold
     */
    public List<Alert> restore(List<Alert> stored, Instant graceUntil) {
        Map<String, RuleAlerts> byRule = new HashMap<>();
        for (RuleAlerts rule : registry.rules()) {
            byRule.putIfAbsent(rule.groupName() + "\u0000" + rule.rule().name(), rule);
        }
        Instant now = clock.get();
        List<AlertTransition> orphaned = new ArrayList<>();
        List<Alert> orphansResolved = new ArrayList<>();
        int restored = 0;
        for (Alert alert : stored) {
            RuleAlerts owner = byRule.get(alert.groupName() + "\u0000" + alert.ruleName());
            if (owner != null) {
                owner.restore(alert, graceUntil);
                restored++;
            } else if (alert.state() == AlertState.RESOLVED) {
                orphansResolved.add(alert);
            } else if (alert.state() == AlertState.FIRING) {
                Alert resolved = new Alert(alert.fingerprint(), alert.groupName(), alert.ruleName(), alert.labels(),
                        alert.annotations(), AlertState.RESOLVED, alert.value(), alert.activeAt(), alert.firedAt(), now, null);
                orphaned.add(new AlertTransition(resolved, AlertState.FIRING, AlertState.RESOLVED, now, List.of()));
                orphansResolved.add(resolved);
            } else if (alert.state() == AlertState.PENDING) {
                orphaned.add(new AlertTransition(alert, AlertState.PENDING, AlertState.INACTIVE, now, List.of()));
            }
        }
        if (!orphaned.isEmpty()) {
            LOG.info("{} stored alerts belong to rules that are no longer loaded; resolving them", orphaned.size());
            repository.record(orphaned);
        }
        LOG.info("restored {} stored alerts", restored);
        return orphansResolved;
    }

    public void start() {
        long offset = 0;
        for (GroupRunner runner : runners) {
            // Spread groups over the interval so that they do not all wake at once.
            long intervalMillis = runner.interval().toMillis();
            scheduler.scheduleAtFixedRate(runner, offset % intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
            offset += 97;
        }
    }

    public List<GroupStatus> status() {
        return runners.stream().map(GroupRunner::status).toList();
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdown();
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            scheduler.shutdownNow();
        }
    }
}
