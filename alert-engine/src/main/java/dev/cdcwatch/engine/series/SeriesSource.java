package dev.cdcwatch.engine.series;

import java.util.ArrayList;
import java.util.List;

/** What rule evaluation reads: the store's samples, selected by label matchers and time. */
public interface SeriesSource {

    /**
     * Every series matching all matchers, with its samples whose timestamps lie in
     * {@code (fromExclusiveMillis, toInclusiveMillis]}, oldest first. Series with no sample in the
     * window are left out.
     */
    List<RangeSeries> select(List<LabelMatcher> matchers, long fromExclusiveMillis, long toInclusiveMillis);

    /**
     * As {@link #select}, but each series with only its newest sample in the window: what an
     * instant selector reads. Stores override it to avoid copying whole windows.
     */
    default List<RangeSeries> selectLatest(List<LabelMatcher> matchers, long fromExclusiveMillis, long toInclusiveMillis) {
        List<RangeSeries> latest = new ArrayList<>();
        for (RangeSeries series : select(matchers, fromExclusiveMillis, toInclusiveMillis)) {
            int last = series.size() - 1;
            latest.add(new RangeSeries(series.labels(), new long[] {series.timestamps()[last]}, new double[] {series.values()[last]}));
        }
        return latest;
    }
}
