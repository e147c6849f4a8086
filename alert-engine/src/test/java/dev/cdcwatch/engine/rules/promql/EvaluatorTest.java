package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.VectorSample;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.series.RangeSeries;
import dev.cdcwatch.engine.series.SeriesSource;
import dev.cdcwatch.engine.series.StaleMarker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What promtool files cannot show: the window the evaluator asks the store for, and evaluation errors. */
class EvaluatorTest {

    private static final Labels A = Labels.of("__name__", "x", "job", "a");
    private static final Labels B = Labels.of("__name__", "x", "job", "b");

    /** A fixed source recording the last window it was asked for. */
    private static final class FixedSource implements SeriesSource {
        private final List<RangeSeries> series;
        long from;
        long to;

        FixedSource(RangeSeries... series) {
            this.series = List.of(series);
        }

        @Override
        public List<RangeSeries> select(List<LabelMatcher> matchers, long fromExclusiveMillis, long toInclusiveMillis) {
            from = fromExclusiveMillis;
            to = toInclusiveMillis;
            return series.stream().filter(s -> matchers.stream().allMatch(m -> m.matches(s.labels()))).toList();
        }
    }

    @Test
    void instantSelectorAsksForTheLookbackWindowIncludingItsStart() throws Exception {
        FixedSource source = new FixedSource(new RangeSeries(A, new long[]{700_000}, new double[]{1}));
        List<VectorSample> result = new Evaluator(source, Duration.ofMinutes(5)).evaluate(PromQlParser.parse("x offset 1m"), 1_000_000);
        assertThat(source.to).isEqualTo(940_000);
        assertThat(source.from).isEqualTo(640_000 - 1);
        assertThat(result).containsExactly(new VectorSample(A, 1));
    }

    @Test
    void staleMarkerAsLatestSampleHidesTheSeries() throws Exception {
        FixedSource source = new FixedSource(new RangeSeries(A, new long[]{1_000, 2_000}, new double[]{5, StaleMarker.VALUE}));
        assertThat(new Evaluator(source, Duration.ofMinutes(5)).evaluate(PromQlParser.parse("x"), 3_000)).isEmpty();
    }

    @Test
    void scalarResultIsOneSampleWithoutLabels() throws Exception {
        FixedSource source = new FixedSource();
        assertThat(new Evaluator(source, Duration.ofMinutes(5)).evaluate(PromQlParser.parse("1 + 1"), 0))
                .containsExactly(new VectorSample(Labels.EMPTY, 2));
    }

    @Test
    void oneToOneMatchingWithDuplicatesOnTheRightIsAnError() throws Exception {
        FixedSource source = new FixedSource(
                new RangeSeries(A, new long[]{1_000}, new double[]{1}),
                new RangeSeries(B, new long[]{1_000}, new double[]{2}));
        Evaluator evaluator = new Evaluator(source, Duration.ofMinutes(5));
        assertThatThrownBy(() -> evaluator.evaluate(PromQlParser.parse("x / on() x"), 2_000))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("many-to-many matching not allowed");
    }

    @Test
    void droppingTheNameIntoDuplicateLabelSetsIsAnError() throws Exception {
        FixedSource source = new FixedSource(
                new RangeSeries(A, new long[]{1_000}, new double[]{1}),
                new RangeSeries(Labels.of("__name__", "y", "job", "a"), new long[]{1_000}, new double[]{2}));
        Evaluator evaluator = new Evaluator(source, Duration.ofMinutes(5));
        assertThatThrownBy(() -> evaluator.evaluate(PromQlParser.parse("{job=\"a\"} * 2"), 2_000))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("same labelset");
    }

    @Test
    void groupLeftCopyingALabelThatMergesTwoResultsIsStillAnError() throws Exception {
        FixedSource source = new FixedSource(
                new RangeSeries(Labels.of("__name__", "x", "job", "a", "env", "1"), new long[]{1_000}, new double[]{1}),
                new RangeSeries(Labels.of("__name__", "x", "job", "a", "env", "2"), new long[]{1_000}, new double[]{2}),
                new RangeSeries(Labels.of("__name__", "y", "job", "a", "env", "3"), new long[]{1_000}, new double[]{3}));
        Evaluator evaluator = new Evaluator(source, Duration.ofMinutes(5));

        assertThat(evaluator.evaluate(PromQlParser.parse("x * on(job) group_left() y"), 2_000)).hasSize(2);
        assertThatThrownBy(() -> evaluator.evaluate(PromQlParser.parse("x * on(job) group_left(env) y"), 2_000))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("grouping labels must ensure unique matches");
    }
}
