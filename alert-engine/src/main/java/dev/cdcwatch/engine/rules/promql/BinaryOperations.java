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
            return new Vector(vectorScalar(expr, left.samples(), right.value(), false));
        }
        if (lhs instanceof Scalar left && rhs instanceof Vector right) {
            return new Vector(vectorScalar(expr, right.samples(), left.value(), true));
        }
        List<VectorSample> left = ((Vector) lhs).samples();
        List<VectorSample> right = ((Vector) rhs).samples();
        return new Vector(switch (op) {
            case AND -> and(left, right, expr.matching(), true);
            case UNLESS -> and(left, right, expr.matching(), false);
            case OR -> or(left, right, expr.matching());
            default -> Evaluator.requireUniqueLabels(vectorVector(expr, left, right));
        });
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
    private static List<VectorSample> vectorScalar(BinaryExpr expr, List<VectorSample> vector, double scalar, boolean swapped) {
        List<VectorSample> result = new ArrayList<>();
        for (VectorSample sample : vector) {
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
        return Evaluator.requireUniqueLabels(result);
    }

    private static List<VectorSample> vectorVector(BinaryExpr expr, List<VectorSample> lhs, List<VectorSample> rhs) {
        VectorMatching matching = expr.matching();
        boolean oneToMany = matching.cardinality() == Cardinality.ONE_TO_MANY;
        List<VectorSample> many = oneToMany ? rhs : lhs;
        List<VectorSample> one = oneToMany ? lhs : rhs;
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
                    : !matchedGroups.computeIfAbsent(signature, key -> new HashSet<>()).add(labels);
            if (duplicate) {
                throw new EvaluationException("multiple matches for labels " + describe(sample.labels(), matching) + ": "
                        + (matching.cardinality() == Cardinality.ONE_TO_ONE
                        ? "many-to-one matching must be explicit (group_left/group_right)"
                        : "grouping labels must ensure unique matches"));
            }
            result.add(new VectorSample(labels, value));
        }
        return result;
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
