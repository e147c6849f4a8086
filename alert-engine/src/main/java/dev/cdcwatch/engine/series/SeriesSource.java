package dev.cdcwatch.engine.series;

import java.util.List;

/** What rule evaluation reads: the store's samples, selected by label matchers and time. */
public interface SeriesSource {

    /**
     * Every series matching all matchers, with its samples whose timestamps lie in
     * {@code (fromExclusiveMillis, toInclusiveMillis]}, oldest first. Series with no sample in the
     * window are left out.
     */
    List<RangeSeries> select(List<LabelMatcher> matchers, long fromExclusiveMillis, long toInclusiveMillis);
}
