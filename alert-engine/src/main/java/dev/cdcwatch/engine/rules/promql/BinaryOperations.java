package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.rules.promql.Value.Scalar;
import dev.cdcwatch.engine.rules.promql.Value.Vector;
import dev.cdcwatch.engine.rules.promql.VectorMatching.Cardinality;
import dev.cdcwatch.engine.series.Labels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Arithmetic, comparison and set operators between scalars and vectors, with Prometheus's vector matching. */
final class BinaryOperations {

    private BinaryOperations() {
    }

    static Value apply(BinaryExpr expr, Value lhs, Value rhs) {
        BinaryOp op = expr.op();
        if (lhs instanceof Scalar left && rhs instanceof Scalar right) {
            Result result = compute(op, left.value(), right.value());
            return new Scalar(expr.returnBool() ? (result.keep ? 1 : 0) : result.value);
        }
        if (lhs instanceof Vector left && rhs instanceof Scalar right) {
            return vectorScalar(expr, left, right.value(), false);
        }
        if (lhs instanceof Scalar left && rhs instanceof Vector right) {
            return vectorScalar(expr, right, left.value(), true);
        }
        Vector left = (Vector) lhs;
        Vector right = (Vector) rhs;
        return switch (op) {
            case AND -> new Vector(and(left.samples(), right.samples(), expr.matching(), true), left.distinctWithoutNames());
            case UNLESS -> new Vector(and(left.samples(), right.samples(), expr.matching(), false), left.distinctWithoutNames());
            case OR -> new Vector(or(left.samples(), right.samples(), expr.matching()));
            default -> vectorVector(expr, left, right);
        };
    }

    private record Result(double value, boolean keep) {
    }

    private static Result compute(BinaryOp op, double lhs, double rhs) {
        return switch (op) {
            case ADD -> new Result(lhs + rhs, true);
            case SUB -> new Result(lhs - rhs, true);
            case MUL -> new Result(lhs * rhs, true);
            case DIV -> new Result(lhs / rhs, true);
            case MOD -> new Result(lhs % rhs, true);
            case POW -> new Result(Math.pow(lhs, rhs), true);
            case EQL -> new Result(lhs, lhs == rhs);
            case NEQ -> new Result(lhs, lhs != rhs);
            case GTR -> new Result(lhs, lhs > rhs);
            case LSS -> new Result(lhs, lhs < rhs);
            case GTE -> new Result(lhs, lhs >= rhs);
            case LTE -> new Result(lhs, lhs <= rhs);
            default -> throw new IllegalStateException("set operator " + op + " between scalars");
        };
    }

    /** {@code swapped}: the scalar was on the left; comparisons still keep the vector element's value. */
    private static Vector vectorScalar(BinaryExpr expr, Vector vector, double scalar, boolean swapped) {
        List<VectorSample> result = new ArrayList<>(vector.samples().size());
        for (VectorSample sample : vector.samples()) {
            double left = swapped ? scalar : sample.value();
            double right = swapped ? sample.value() : scalar;
            Result computed = compute(expr.op(), left, right);
            double value = expr.op().isComparison() && swapped ? right : computed.value;
            boolean keep = computed.keep;
            if (expr.returnBool()) {
                value = keep ? 1 : 0;
                keep = true;
            }
            if (keep) {
                boolean dropName = !expr.op().isComparison() || expr.returnBool();
                result.add(new VectorSample(dropName ? sample.labels().withoutMetricName() : sample.labels(), value));
            }
        }
        boolean distinct = vector.distinctWithoutNames();
        return new Vector(distinct ? result : Evaluator.requireUniqueLabels(result), distinct);
    }

    /**
     * One-to-one results are distinct by construction: each match group matches once and the result
     * keeps only what identifies the group. Group-left/right results are distinct when the "many" side
     * is and no labels are copied from the "one" side; otherwise they are checked as Prometheus does.
     */
    private static Vector vectorVector(BinaryExpr expr, Vector lhs, Vector rhs) {
        VectorMatching matching = expr.matching();
        boolean oneToMany = matching.cardinality() == Cardinality.ONE_TO_MANY;
        List<VectorSample> many = oneToMany ? rhs.samples() : lhs.samples();
        List<VectorSample> one = oneToMany ? lhs.samples() : rhs.samples();
        boolean distinct = matching.cardinality() == Cardinality.ONE_TO_ONE
                || (matching.include().isEmpty() && (oneToMany ? rhs : lhs).distinctWithoutNames());
        Map<Labels, VectorSample> oneBySignature = new HashMap<>(one.size() * 2);
        for (VectorSample sample : one) {
            VectorSample duplicate = oneBySignature.put(signature(sample.labels(), matching), sample);
            if (duplicate != null) {
                throw new EvaluationException("found duplicate series for the match group " + describe(sample.labels(), matching)
                        + " on the " + (oneToMany ? "left" : "right") + " hand-side of the operation: [" + duplicate.labels() + ", "
                        + sample.labels() + "]; many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        // One-to-one: each signature may match once. Many-to-one: each result label set once per signature.
        Set<Labels> matchedOnce = new HashSet<>();
        Map<Labels, Set<Labels>> matchedGroups = new HashMap<>();
        List<VectorSample> result = new ArrayList<>();
        for (VectorSample sample : many) {
            Labels signature = signature(sample.labels(), matching);
            VectorSample partner = oneBySignature.get(signature);
            if (partner == null) {
                continue;
            }
            double left = oneToMany ? partner.value() : sample.value();
            double right = oneToMany ? sample.value() : partner.value();
            Result computed = compute(expr.op(), left, right);
            double value = computed.value;
            if (expr.returnBool()) {
                value = computed.keep ? 1 : 0;
            } else if (!computed.keep) {
                continue;
            }
            Labels labels = resultLabels(sample.labels(), partner.labels(), expr);
            boolean duplicate = matching.cardinality() == Cardinality.ONE_TO_ONE
                    ? !matchedOnce.add(signature)
                    : !distinct && !matchedGroups.computeIfAbsent(signature, key -> new HashSet<>()).add(labels);
            if (duplicate) {
                throw new EvaluationException("multiple matches for labels " + describe(sample.labels(), matching) + ": "
                        + (matching.cardinality() == Cardinality.ONE_TO_ONE
                        ? "many-to-one matching must be explicit (group_left/group_right)"
                        : "grouping labels must ensure unique matches"));
            }
            result.add(new VectorSample(labels, value));
        }
        return new Vector(distinct ? result : Evaluator.requireUniqueLabels(result), distinct);
    }

    private static Labels resultLabels(Labels many, Labels one, BinaryExpr expr) {
        VectorMatching matching = expr.matching();
        Labels labels = many;
        if (!expr.op().isComparison() || expr.returnBool()) {
            labels = labels.withoutMetricName();
        }
        if (matching.cardinality() == Cardinality.ONE_TO_ONE) {
            labels = matching.on() ? labels.keepOnly(matching.labels()) : labels.without(matching.labels());
        }
        for (String name : matching.include()) {
            String value = one.get(name);
            labels = value != null ? labels.with(name, value) : labels.without(List.of(name));
        }
        return labels;
    }

    private static List<VectorSample> and(List<VectorSample> lhs, List<VectorSample> rhs, VectorMatching matching, boolean keepMatched) {
        Set<Labels> rightSignatures = new HashSet<>(rhs.size() * 2);
        rhs.forEach(sample -> rightSignatures.add(signature(sample.labels(), matching)));
        return lhs.stream()
                .filter(sample -> rightSignatures.contains(signature(sample.labels(), matching)) == keepMatched)
                .toList();
    }

    private static List<VectorSample> or(List<VectorSample> lhs, List<VectorSample> rhs, VectorMatching matching) {
        Set<Labels> leftSignatures = new HashSet<>(lhs.size() * 2);
        lhs.forEach(sample -> leftSignatures.add(signature(sample.labels(), matching)));
        List<VectorSample> result = new ArrayList<>(lhs);
        rhs.stream().filter(sample -> !leftSignatures.contains(signature(sample.labels(), matching))).forEach(result::add);
        return result;
    }

    /**
     * A key equal for two elements exactly when they match: their {@code on} labels, or all labels
     * but the {@code ignoring} ones and the name. Without {@code ignoring} labels that is the labels'
     * cached name-less form, so the common one-to-one match allocates nothing per element.
     */
    private static Labels signature(Labels labels, VectorMatching matching) {
        if (matching.on()) {
            return matching.labels().isEmpty() ? Labels.EMPTY : labels.keepOnly(matching.labels());
        }
        Labels nameless = labels.withoutMetricName();
        return matching.labels().isEmpty() ? nameless : nameless.without(matching.labels());
    }

    /** The match group of an element, readable, for error messages. */
    private static Labels describe(Labels labels, VectorMatching matching) {
        if (matching.on()) {
            return labels.keepOnly(matching.labels());
        }
        List<String> dropped = new ArrayList<>(matching.labels());
        dropped.add(Labels.METRIC_NAME);
        return labels.without(dropped);
    }
}
