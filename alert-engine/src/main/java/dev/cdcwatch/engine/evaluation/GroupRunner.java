package dev.cdcwatch.engine.evaluation;

import dev.cdcwatch.engine.alerts.AlertListener;
import dev.cdcwatch.engine.alerts.AlertRegistry;
import dev.cdcwatch.engine.alerts.AlertTransition;
import dev.cdcwatch.engine.alerts.RuleAlerts;
import dev.cdcwatch.engine.metrics.EngineMetrics;
import dev.cdcwatch.engine.persistence.AlertRepository;
import dev.cdcwatch.engine.rules.RuleGroup;
import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.rules.promql.Evaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Evaluates the rules of one group in order at one instant, stores the resulting alert transitions
 * and then tells the listeners. A failing rule is marked {@code err} and keeps its alerts as they were.
 */
final class GroupRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupRunner.class);

    private final RuleGroup group;
    private final Duration interval;
    private final List<RuleAlerts> rules;
    private final RuleStatus[] statuses;
    private final Evaluator evaluator;
    private final AlertRegistry registry;
    private final AlertRepository repository;
    private final List<AlertListener> listeners;
    private final EngineMetrics metrics;
    private final Supplier<Instant> clock;
    private volatile Instant lastEvaluation;
    private volatile Duration lastEvaluationDuration;

    GroupRunner(RuleGroup group, Duration interval, List<RuleAlerts> rules, Evaluator evaluator, AlertRegistry registry,
                AlertRepository repository, List<AlertListener> listeners, EngineMetrics metrics, Supplier<Instant> clock) {
        this.group = group;
        this.interval = interval;
        this.rules = List.copyOf(rules);
        this.statuses = new RuleStatus[rules.size()];
        java.util.Arrays.fill(statuses, RuleStatus.UNKNOWN);
        this.evaluator = evaluator;
        this.registry = registry;
        this.repository = repository;
        this.listeners = listeners;
        this.metrics = metrics;
        this.clock = clock;
    }

    Duration interval() {
        return interval;
    }

    @Override
    public void run() {
        try {
            evaluateOnce();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; log and keep the group alive.
            LOG.error("rule group '{}' ({}): evaluation failed", group.name(), group.sourceFile(), e);
        }
    }

    void evaluateOnce() {
        Instant now = clock.get();
        long started = System.nanoTime();
        for (int i = 0; i < rules.size(); i++) {
            evaluateRule(i, now);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        lastEvaluation = now;
        lastEvaluationDuration = took;
        metrics.ruleGroupEvaluationSeconds.labels(group.name()).observe(took.toNanos() / 1e9);
    }

    private void evaluateRule(int index, Instant now) {
        RuleAlerts rule = rules.get(index);
        long started = System.nanoTime();
        List<AlertTransition> transitions;
        try {
            List<VectorSample> result = evaluator.evaluate(rule.rule().expr(), now.toEpochMilli());
            transitions = rule.evaluate(result, now);
            statuses[index] = RuleStatus.ok(now, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            statuses[index] = RuleStatus.failed(now, Duration.ofNanos(System.nanoTime() - started), describe(e));
            metrics.ruleEvaluationFailures.labels(group.name(), rule.rule().name()).inc();
            LOG.warn("rule group '{}' rule '{}': {}", group.name(), rule.rule().name(), describe(e));
            return;
        } finally {
            metrics.ruleEvaluations.labels(group.name()).inc();
        }
        publish(transitions);
    }

    private void publish(List<AlertTransition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        List<AlertTransition> marked = registry.withSilences(transitions);
        try {
            repository.record(marked);
        } catch (RuntimeException e) {
            // Listeners still hear of the change: a notification now beats none; only a restart could lose it.
            metrics.alertPersistFailures.inc();
            LOG.error("rule group '{}': cannot store {} alert transitions", group.name(), marked.size(), e);
        }
        marked.forEach(transition -> metrics.alertTransitions.labels(transition.to().wireName()).inc());
        for (AlertListener listener : listeners) {
            try {
                listener.onTransitions(marked);
            } catch (RuntimeException e) {
                LOG.error("alert listener {} failed on {} transitions", listener, marked.size(), e);
            }
        }
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    GroupStatus status() {
        List<GroupStatus.Rule> ruleStatuses = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            ruleStatuses.add(new GroupStatus.Rule(rules.get(i), statuses[i]));
        }
        return new GroupStatus(group, interval, lastEvaluation, lastEvaluationDuration, ruleStatuses);
    }
}
