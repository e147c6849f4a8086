package dev.cdcwatch.engine.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Mutes firing alerts that an inhibit rule or a lineage cause holds back. It reads the dispatcher's
 * current firing alerts, so a target is released as soon as its source resolves.
 */
public final class Inhibitor implements Muter {

    private final List<InhibitRule> rules;
    private final LineageInhibition lineage;
    private volatile Collection<DispatchAlert> firing = List.of();

    public Inhibitor(List<InhibitRule> rules, LineageInhibition lineage) {
        this.rules = List.copyOf(rules);
        this.lineage = lineage;
    }

    /** Called by the dispatcher whenever its set of firing alerts changes. */
    void update(Collection<DispatchAlert> currentlyFiring) {
        this.firing = List.copyOf(currentlyFiring);
    }

    @Override
    public boolean mutes(DispatchAlert target) {
        if (target.isResolved()) {
            return false;
        }
        for (DispatchAlert source : firing) {
            if (source.fingerprint().equals(target.fingerprint())) {
                continue;
            }
            if (inhibitedByRule(source, target) || isLineageSymptom(source, target)) {
                return true;
            }
        }
        return false;
    }

    /** The firing symptoms a lineage cause holds back, listed in the cause's message instead. */
    public List<DispatchAlert> heldBackBy(DispatchAlert cause) {
        List<DispatchAlert> symptoms = new ArrayList<>();
        for (DispatchAlert candidate : firing) {
            if (!candidate.fingerprint().equals(cause.fingerprint()) && isLineageSymptom(cause, candidate)) {
                symptoms.add(candidate);
            }
        }
        return symptoms;
    }

    private boolean inhibitedByRule(DispatchAlert source, DispatchAlert target) {
        for (InhibitRule rule : rules) {
            if (Matchers.matchAll(rule.targetMatchers(), target.labels())
                    && Matchers.matchAll(rule.sourceMatchers(), source.labels())
                    && rule.equal().stream().allMatch(label -> Objects.equals(source.labels().get(label), target.labels().get(label)))) {
                return true;
            }
        }
        return false;
    }

    private boolean isLineageSymptom(DispatchAlert cause, DispatchAlert symptom) {
        if (!lineage.enabled() || cause.isResolved()
                || !Matchers.matchAll(lineage.causeMatchers(), cause.labels())
                || !Matchers.matchAll(lineage.symptomMatchers(), symptom.labels())
                || Matchers.matchAll(lineage.causeMatchers(), symptom.labels())) {
            return false;
        }
        return sameJob(cause, symptom)
                || sameTable(cause, symptom)
                || listed(cause.annotation(LineageInhibition.DOWNSTREAM_TOPICS), symptom.label("topic"))
                || listed(cause.annotation(LineageInhibition.DOWNSTREAM_GROUPS), symptom.label("group"))
                || listed(symptom.annotation(LineageInhibition.UPSTREAM_TABLES), qualifiedTable(cause));
    }

    private static boolean sameJob(DispatchAlert cause, DispatchAlert symptom) {
        return !cause.label("job").isEmpty() && cause.label("job").equals(symptom.label("job"));
    }

    private static boolean sameTable(DispatchAlert cause, DispatchAlert symptom) {
        String table = cause.label("table");
        if (table.isEmpty() || !table.equals(symptom.label("table"))) {
            return false;
        }
        String database = cause.label("database");
        String symptomDatabase = symptom.label("database");
        return database.isEmpty() || symptomDatabase.isEmpty() || database.equals(symptomDatabase);
    }

    private static String qualifiedTable(DispatchAlert alert) {
        String table = alert.label("table");
        if (table.isEmpty()) {
            return "";
        }
        String database = alert.label("database");
        return database.isEmpty() ? table : database + "." + table;
    }

    private static boolean listed(String commaSeparated, String value) {
        return !value.isEmpty() && splitList(commaSeparated).contains(value);
    }

    static Set<String> splitList(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim).filter(item -> !item.isEmpty()).collect(Collectors.toSet());
    }
}
