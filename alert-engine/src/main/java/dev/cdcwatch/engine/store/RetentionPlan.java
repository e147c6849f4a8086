package dev.cdcwatch.engine.store;

import dev.cdcwatch.engine.rules.promql.Aggregation;
import dev.cdcwatch.engine.rules.promql.BinaryExpr;
import dev.cdcwatch.engine.rules.promql.Expr;
import dev.cdcwatch.engine.rules.promql.Function;
import dev.cdcwatch.engine.rules.promql.FunctionCall;
import dev.cdcwatch.engine.rules.promql.MatrixSelector;
import dev.cdcwatch.engine.rules.promql.UnaryMinus;
import dev.cdcwatch.engine.rules.promql.VectorSelector;
import dev.cdcwatch.engine.series.LabelMatcher;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each metric's samples must stay, from what the loaded rules read. A metric read only by
 * instant selectors needs just its latest sample (kept for {@code margin}); one read by a range
 * selector keeps that range plus offset plus {@code margin}. Selectors without a fixed metric name
 * apply to every metric. A range read only for its newest sample ({@code last_over_time},
 * {@code absent_over_time}) needs no more than an instant selector, but its series must live as long
 * as the range. This keeps the many instant-only series small.
 */
public final class RetentionPlan {

    private final Needs samples;
    private final Needs life;
    private final long minLifeMillis;

    private RetentionPlan(Needs samples, Needs life, long minLifeMillis) {
        this.samples = samples;
        this.life = life;
        this.minLifeMillis = minLifeMillis;
    }

    /** Every metric keeps {@code retention}; for tests and tools that read arbitrary windows. */
    public static RetentionPlan uniform(Duration retention) {
        return new RetentionPlan(new Needs(retention.toMillis()), new Needs(retention.toMillis()), retention.toMillis());
    }

    public static RetentionPlan of(List<Expr> exprs, Duration lookbackDelta, Duration margin) {
        Needs samples = new Needs(margin.toMillis());
        Needs life = new Needs(margin.toMillis());
        for (Expr expr : exprs) {
            visit(expr, lookbackDelta.toMillis(), margin.toMillis(), samples, life);
        }
        return new RetentionPlan(samples, life, lookbackDelta.plus(margin).toMillis());
    }

    private static void visit(Expr expr, long lookback, long margin, Needs samples, Needs life) {
        if (expr instanceof MatrixSelector matrix) {
            long window = matrix.range().plus(matrix.selector().offset()).toMillis() + margin;
            samples.need(matrix.selector(), window);
            life.need(matrix.selector(), window);
        } else if (expr instanceof VectorSelector vector) {
            // The latest sample suffices unless an offset moves the window into the past.
            long window = vector.offset().isZero() ? margin : vector.offset().toMillis() + lookback + margin;
            samples.need(vector, window);
            life.need(vector, window);
        } else if (expr instanceof FunctionCall call && readsNewestOnly(call)) {
            MatrixSelector matrix = (MatrixSelector) call.args().get(0);
            samples.need(matrix.selector(), margin);
            life.need(matrix.selector(), matrix.range().toMillis() + margin);
        } else if (expr instanceof FunctionCall call) {
            call.args().forEach(arg -> visit(arg, lookback, margin, samples, life));
        } else if (expr instanceof Aggregation aggregation) {
            visit(aggregation.arg(), lookback, margin, samples, life);
        } else if (expr instanceof BinaryExpr binary) {
            visit(binary.lhs(), lookback, margin, samples, life);
            visit(binary.rhs(), lookback, margin, samples, life);
        } else if (expr instanceof UnaryMinus minus) {
            visit(minus.operand(), lookback, margin, samples, life);
        }
    }

    /** A function of a range without offset whose result depends only on the range's newest sample, if any. */
    private static boolean readsNewestOnly(FunctionCall call) {
        return (call.function() == Function.LAST_OVER_TIME || call.function() == Function.ABSENT_OVER_TIME)
                && call.args().get(0) instanceof MatrixSelector matrix && matrix.selector().offset().isZero();
    }

    /** How long samples of {@code metricName} stay. */
    public long retentionMillis(String metricName) {
        return samples.millis(metricName);
    }

    /**
     * How long a series with no new sample stays in the store: as long as any rule's window reaches
     * back, but at least the lookback delta plus margin, since an instant selector still finds a sample that old.
     */
    public long seriesLifeMillis(String metricName) {
        return Math.max(Math.max(life.millis(metricName), samples.millis(metricName)), minLifeMillis);
    }

    /** The longest retention of any metric. */
    public Duration longest() {
        return Duration.ofMillis(samples.longest());
    }

    /** How far back rules reach, per metric name and for every metric (selectors without a fixed name). */
    private static final class Needs {

        private final Map<String, Long> byMetric = new HashMap<>();
        private long everyMetric;

        Needs(long everyMetric) {
            this.everyMetric = everyMetric;
        }

        void need(VectorSelector selector, long millis) {
            LabelMatcher name = LabelMatcher.exactMetricName(selector.matchers());
            if (name == null) {
                everyMetric = Math.max(everyMetric, millis);
            } else {
                byMetric.merge(name.value(), millis, Math::max);
            }
        }

        long millis(String metricName) {
            Long specific = metricName == null ? null : byMetric.get(metricName);
            return specific == null ? everyMetric : Math.max(specific, everyMetric);
        }

        long longest() {
            long longest = everyMetric;
            for (long millis : byMetric.values()) {
                longest = Math.max(longest, millis);
            }
            return longest;
        }
    }
}
