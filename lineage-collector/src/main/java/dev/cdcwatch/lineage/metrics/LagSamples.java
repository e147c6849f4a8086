package dev.cdcwatch.lineage.metrics;

import dev.cdcwatch.catalog.metrics.Labels;
import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.lineage.lag.ClusterLag;
import dev.cdcwatch.lineage.lag.GroupLag;
import dev.cdcwatch.lineage.lag.PartitionLag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One poll's outcome as catalog samples: cluster health always, lag and status when the poll succeeded. */
public final class LagSamples {

    private LagSamples() {
    }

    public static List<WireSample> of(ClusterLag poll) {
        long time = poll.timeMillis();
        Map<String, String> clusterLabels = Map.of(Labels.CLUSTER, poll.cluster());
        List<WireSample> samples = new ArrayList<>();
        samples.add(new WireSample(MetricCatalog.LINEAGE_CLUSTER_UP.name(), clusterLabels, poll.up() ? 1 : 0, time));
        samples.add(new WireSample(MetricCatalog.LINEAGE_POLL_ERRORS.name(), clusterLabels, poll.pollErrors(), time));
        for (GroupLag group : poll.groups()) {
            samples.add(new WireSample(MetricCatalog.CONSUMER_GROUP_STATUS.name(),
                    Map.of(Labels.CLUSTER, poll.cluster(), Labels.GROUP, group.group()), group.status().code(), time));
            for (PartitionLag partition : group.partitions()) {
                Map<String, String> labels = Map.of(Labels.CLUSTER, poll.cluster(), Labels.GROUP, group.group(),
                        Labels.TOPIC, partition.topic(), Labels.PARTITION, Integer.toString(partition.partition()));
                samples.add(new WireSample(MetricCatalog.CONSUMER_LAG_RECORDS.name(), labels, partition.lagRecords(), time));
                samples.add(new WireSample(MetricCatalog.CONSUMER_LAG_SECONDS.name(), labels, partition.lagSeconds(), time));
            }
        }
        return samples;
    }
}
