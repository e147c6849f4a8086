package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.series.LabelMatcher;

import java.util.List;

/**
 * Lineage-aware inhibition: a firing cause (binlog not connected, job down) holds back symptom alerts
 * (source lag, topic lag, consumer lag) downstream of it. Which alerts are causes and symptoms is chosen
 * by matchers (by default the alert names of the default rules); the lineage comes from the alerts'
 * labels ({@code job}, {@code database}, {@code table}, {@code topic}, {@code group}) and the engine's
 * lineage annotations ({@code downstream_topics}, {@code downstream_groups}, {@code upstream_tables};
 * comma-separated).
 */
public record LineageInhibition(boolean enabled, List<LabelMatcher> causeMatchers, List<LabelMatcher> symptomMatchers) {

    public static final String DOWNSTREAM_TOPICS = "downstream_topics";
    public static final String DOWNSTREAM_GROUPS = "downstream_groups";
    public static final String UPSTREAM_TABLES = "upstream_tables";

    /**
     * A lost binlog connection is a cause: the job's source task restarts from its checkpoint, so the
     * restart, a checkpoint that fails meanwhile and the lag that follows are its symptoms.
     */
    public static final LineageInhibition DEFAULTS = new LineageInhibition(true,
            List.of(Matchers.parse("alertname=~\"CdcBinlogDisconnects|CdcBinlogNotConnected|FlinkJobNotRunning|CdcJobMetricsMissing\"")),
            List.of(Matchers.parse("alertname=~\"CdcEmitLagHigh|CdcFetchLagHigh|CdcSourceIdleWhileDatabaseActive|"
                    + "CdcQueueRemainingCapacityLow|FlinkJobRestarting|FlinkCheckpointFailures|KafkaConsumerGroupLagRecordsHigh|"
                    + "KafkaConsumerGroupLagSecondsHigh|KafkaConsumerGroupStalled\"")));

    public LineageInhibition {
        causeMatchers = List.copyOf(causeMatchers);
        symptomMatchers = List.copyOf(symptomMatchers);
    }
}
