package dev.cdcwatch.engine.store;

import dev.cdcwatch.engine.metrics.EngineMetrics;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.series.RangeSeries;
import dev.cdcwatch.engine.series.StaleMarker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesStoreTest {

    private final SeriesStore store = new SeriesStore(3, 8, RetentionPlan.uniform(Duration.ofSeconds(10)), new EngineMetrics());

    private Series series(String name, String... labels) {
        Labels set = Labels.of(name.isEmpty() ? labels : concat(labels, name));
        Series found = store.find(set);
        if (found != null) {
            return found;
        }
        assertThat(store.reserve(1)).isTrue();
        return store.create(set);
    }

    private static String[] concat(String[] labels, String name) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = "__name__";
        all[labels.length + 1] = name;
        return all;
    }

    private static LabelMatcher name(String metric) {
        return LabelMatcher.of("__name__", LabelMatcher.Type.EQUAL, metric);
    }

    @Test
    void selectReturnsSamplesInsideTheHalfOpenWindowOldestFirst() {
        Series lag = series("lag", "job", "a");
        for (long t = 1000; t <= 5000; t += 1000) {
            store.append(lag, t, t / 1000.0);
        }

        List<RangeSeries> selected = store.select(List.of(name("lag")), 2000, 4000);

        assertThat(selected).singleElement().satisfies(range -> {
            assertThat(range.timestamps()).containsExactly(3000, 4000);
            assertThat(range.values()).containsExactly(3.0, 4.0);
        });
    }

    @Test
    void matchersSelectByLabelAndSeriesWithoutSamplesInTheWindowAreLeftOut() {
        store.append(series("up", "job", "a"), 1000, 1);
        store.append(series("up", "job", "b"), 9000, 1);

        assertThat(store.select(List.of(name("up"), LabelMatcher.of("job", LabelMatcher.Type.REGEX, "a|b")), 5000, 10_000))
                .extracting(range -> range.labels().get("job")).containsExactly("b");
        assertThat(store.select(List.of(LabelMatcher.of("job", LabelMatcher.Type.NOT_EQUAL, "b")), 0, 10_000))
                .extracting(range -> range.labels().get("job")).containsExactly("a");
    }

    @Test
    void samplesOlderThanTheRetentionAreDroppedAndTheRingIsCapped() {
        Series busy = series("busy");
        for (long t = 1; t <= 100; t++) {
            store.append(busy, t * 1000, t);
        }

        RangeSeries all = store.select(List.of(name("busy")), 0, Long.MAX_VALUE).get(0);

        assertThat(all.size()).isEqualTo(8);
        assertThat(all.timestamps()[all.size() - 1]).isEqualTo(100_000);
        assertThat(busy.capacity()).isEqualTo(8);
    }

    @Test
    void outOfOrderSamplesAreRefused() {
        Series lag = series("lag");
        assertThat(store.append(lag, 2000, 1)).isTrue();
        assertThat(store.append(lag, 2000, 2)).isFalse();
        assertThat(store.append(lag, 1000, 3)).isFalse();
    }

    @Test
    void staleMarkerEndsASeriesOnceAndIsSeenByReaders() {
        Series gone = series("gone");
        store.append(gone, 1000, 1);
        store.markStale(gone, 2000);
        store.markStale(gone, 3000);

        RangeSeries range = store.select(List.of(name("gone")), 0, 10_000).get(0);
        assertThat(range.timestamps()).containsExactly(1000, 2000);
        assertThat(StaleMarker.is(range.values()[1])).isTrue();
    }

    @Test
    void seriesLimitRefusesReservationsAndExpiredSeriesFreeRoom() {
        store.append(series("a"), 1000, 1);
        store.append(series("b"), 1000, 1);
        store.append(series("c"), 50_000, 1);
        assertThat(store.reserve(1)).isFalse();

        assertThat(store.removeExpired(55_000)).isEqualTo(2);

        assertThat(store.size()).isEqualTo(1);
        assertThat(store.reserve(2)).isTrue();
    }

    @Test
    void equalLabelStringsAreSharedBetweenSeries() {
        Series first = series("m", "job", new String("orders"));
        Series second = series("n", "job", new String("orders"));

        assertThat(first.labels().get("job")).isSameAs(second.labels().get("job"));
    }

    @Test
    void expiredSeriesLeaveTheirMetricsSelectionAndASeriesCreatedAgainJoinsIt() {
        store.append(series("m", "x", "old"), 1000, 1);
        store.append(series("m", "x", "kept"), 50_000, 2);
        store.removeExpired(55_000);

        assertThat(store.select(List.of(name("m")), 0, 60_000)).extracting(range -> range.labels().get("x")).containsExactly("kept");

        store.append(series("m", "x", "old"), 56_000, 3);
        assertThat(store.select(List.of(name("m")), 0, 60_000)).extracting(range -> range.labels().get("x"))
                .containsExactlyInAnyOrder("kept", "old");
    }

    @Test
    void aStalenessMarkerKeepsTheLastRealSampleReadableByRangesPastItsRetention() throws Exception {
        RetentionPlan newestOnly = RetentionPlan.of(List.of(dev.cdcwatch.engine.rules.promql.PromQlParser.parse("last_over_time(m[15m])")),
                Duration.ofMinutes(5), Duration.ofSeconds(1));
        SeriesStore kept = new SeriesStore(3, 8, newestOnly, new EngineMetrics());
        assertThat(kept.reserve(1)).isTrue();
        Series m = kept.create(Labels.of("__name__", "m"));
        kept.append(m, 1000, 1);
        kept.append(m, 5000, 2);
        kept.markStale(m, 60_000);

        double[] values = kept.select(List.of(name("m")), 0, 100_000).get(0).values();
        assertThat(values).hasSize(2);
        assertThat(values[0]).isEqualTo(2);
        assertThat(dev.cdcwatch.engine.series.StaleMarker.is(values[1])).isTrue();
    }

    @Test
    void aRingSettlesAtWhatItsRetentionHoldsAtTheSeriesInterval() {
        SeriesStore roomy = new SeriesStore(3, 4096, RetentionPlan.uniform(Duration.ofSeconds(75)), new EngineMetrics());
        assertThat(roomy.reserve(1)).isTrue();
        Series everySecond = roomy.create(Labels.of("__name__", "m"));
        for (int second = 1; second <= 300; second++) {
            roomy.append(everySecond, second * 1000L, second);
        }

        // 76 samples fit in 75 s at one a second; doubling would have left 128 slots.
        assertThat(everySecond.sampleCount()).isEqualTo(76);
        assertThat(everySecond.capacity()).isBetween(76, 84);
    }
}
