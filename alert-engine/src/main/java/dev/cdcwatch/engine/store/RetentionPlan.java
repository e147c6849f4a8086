package dev.cdcwatch.engine.store;

import dev.cdcwatch.engine.rules.promql.Aggregation;
import dev.cdcwatch.engine.rules.promql.BinaryExpr;
import dev.cdcwatch.engine.rules.promql.Expr;
import dev.cdcwatch.engine.rules.promql.FunctionCall;
import dev.cdcwatch.engine.rules.promql.MatrixSelector;
import dev.cdcwatch.engine.rules.promql.UnaryMinus;
import dev.cdcwatch.engine.rules.promql.VectorSelector;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each metric's samples must stay, from what the loaded rules read. A metric read only by
 * instant selectors needs just its latest sample (kept for {@code margin}); one read by a range
 * selector keeps that range plus offset plus {@code margin}. Selectors without a fixed metric name
 * apply to every metric. This keeps the many instant-only series small.
 */
public final class RetentionPlan {

    private final Map<String, Long> byMetric;
    private final long everyMetricMillis;
    private final long seriesLifeMillis;

    private RetentionPlan(Map<String, Long> byMetric, long everyMetricMillis, long seriesLifeMillis) {
        this.byMetric = Map.copyOf(byMetric);
        this.everyMetricMillis = everyMetricMillis;
        this.seriesLifeMillis = seriesLifeMillis;
    }

    /** Every metric keeps {@code retention}; for tests and tools that read arbitrary windows. */
    public static RetentionPlan uniform(Duration retention) {
        return new RetentionPlan(Map.of(), retention.toMillis(), retention.toMillis());
    }

    public static RetentionPlan of(List<Expr> exprs, Duration lookbackDelta, Duration margin) {
        Map<String, Long> byMetric = new HashMap<>();
        long[] everyMetric = {margin.toMillis()};
        for (Expr expr : exprs) {
            visit(expr, lookbackDelta.toMillis(), margin.toMillis(), byMetric, everyMetric);
        }
        return new RetentionPlan(byMetric, everyMetric[0], lookbackDelta.plus(margin).toMillis());
    }

    private static void visit(Expr expr, long lookback, long margin, Map<String, Long> byMetric, long[] everyMetric) {
        if (expr instanceof MatrixSelector matrix) {
            need(matrix.selector(), matrix.range().plus(matrix.selector().offset()).toMillis() + margin, byMetric, everyMetric);
        } else if (expr instanceof VectorSelector vector) {
            // The latest sample suffices unless an offset moves the window into the past.
            long window = vector.offset().isZero() ? margin : vector.offset().toMillis() + lookback + margin;
            need(vector, window, byMetric, everyMetric);
        } else if (expr instanceof FunctionCall call) {
            call.args().forEach(arg -> visit(arg, lookback, margin, byMetric, everyMetric));
        } else if (expr instanceof Aggregation aggregation) {
            visit(aggregation.arg(), lookback, margin, byMetric, everyMetric);
        } else if (expr instanceof BinaryExpr binary) {
            visit(binary.lhs(), lookback, margin, byMetric, everyMetric);
            visit(binary.rhs(), lookback, margin, byMetric, everyMetric);
        } else if (expr instanceof UnaryMinus minus) {
            visit(minus.operand(), lookback, margin, byMetric, everyMetric);
        }
    }

    private static void need(VectorSelector selector, long millis, Map<String, Long> byMetric, long[] everyMetric) {
        String name = null;
        for (LabelMatcher matcher : selector.matchers()) {
            if (matcher.name().equals(Labels.METRIC_NAME) && matcher.type() == LabelMatcher.Type.EQUAL) {
                name = matcher.value();
            }
        }
        if (name == null) {
            everyMetric[0] = Math.max(everyMetric[0], millis);
        } else {
            byMetric.merge(name, millis, Math::max);
        }
    }

    /** How long samples of {@code metricName} stay. */
    public long retentionMillis(String metricName) {
        Long specific = metricName == null ? null : byMetric.get(metricName);
        return specific == null ? everyMetricMillis : Math.max(specific, everyMetricMillis);
    }

    /**
     * How long a series with no new sample stays in the store: its retention, but at least the
     * lookback delta plus margin, since an instant selector still finds a sample that old.
     */
    public long seriesLifeMillis(String metricName) {
        return Math.max(retentionMillis(metricName), seriesLifeMillis);
    }

    /** The longest retention of any metric. */
    public Duration longest() {
        long longest = everyMetricMillis;
        for (long millis : byMetric.values()) {
            longest = Math.max(longest, millis);
        }
        return Duration.ofMillis(longest);
    }
}
