package dev.cdcwatch.lineage.lag;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one poll of one cluster.
 *
 * @param up         whether the poll succeeded
 * @param error      why it failed, naming the cluster and the step
 * @param pollErrors failed polls since the collector started
 * @param groups     lag per group; empty when the poll failed
 */
public record ClusterLag(String cluster, long timeMillis, boolean up, Optional<String> error, long pollErrors, List<GroupLag> groups) {

    public ClusterLag {
        groups = List.copyOf(groups);
    }
}
