package dev.cdcwatch.lineage.kafka;

import dev.cdcwatch.lineage.config.LineageConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads one cluster's consumer groups and offsets through the Admin API: four batched requests per
 * poll (list groups, describe them, their committed offsets, the partitions' log end offsets). Every
 * wait is bounded by the cluster's request timeout, so a dead cluster costs a few timeouts, never a hang.
 */
public final class ClusterOffsetReader implements AutoCloseable {

    private final LineageConfig.Cluster cluster;
    private final int timeoutMs;
    private final Admin admin;

    public ClusterOffsetReader(LineageConfig.Cluster cluster) {
        this.cluster = cluster;
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, cluster.requestTimeout().toMillis());
        Map<String, Object> props = new HashMap<>(cluster.properties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "cdc-watch-lineage-" + cluster.name());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        this.admin = Admin.create(props);
    }

    public ClusterOffsets read(long timeMillis) throws PollFailure {
        List<String> groupIds = await("listing consumer groups",
                admin.listConsumerGroups(new ListConsumerGroupsOptions().timeoutMs(timeoutMs)).all())
                .stream().map(ConsumerGroupListing::groupId).filter(cluster::watches).sorted().toList();
        if (groupIds.isEmpty()) {
            return new ClusterOffsets(cluster.name(), timeMillis, List.of(), Map.of());
        }
        // Both requests need only the group ids: send them together.
        KafkaFuture<Map<String, ConsumerGroupDescription>> describing =
                admin.describeConsumerGroups(groupIds, new DescribeConsumerGroupsOptions().timeoutMs(timeoutMs)).all();
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groupIds.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
        KafkaFuture<Map<String, Map<TopicPartition, OffsetAndMetadata>>> reading =
                admin.listConsumerGroupOffsets(specs, new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs)).all();
        Map<String, ConsumerGroupDescription> descriptions = await("describing consumer groups", describing);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = await("reading committed offsets", reading);

        List<GroupOffsets> groups = new ArrayList<>(groupIds.size());
        Set<TopicPartition> partitions = new HashSet<>();
        for (String id : groupIds) {
            ConsumerGroupDescription description = descriptions.get(id);
            Set<TopicPartition> owned = description == null ? Set.of() : owned(description.members());
            Map<TopicPartition, Long> offsets = new HashMap<>();
            committed.getOrDefault(id, Map.of()).forEach((partition, offset) -> {
                if (offset != null) {
                    offsets.put(partition, offset.offset());
                }
            });
            partitions.addAll(owned);
            partitions.addAll(offsets.keySet());
            groups.add(new GroupOffsets(id, description == null ? "Unknown" : description.state().toString(),
                    description == null ? 0 : description.members().size(), owned, offsets));
        }
        return new ClusterOffsets(cluster.name(), timeMillis, groups, endOffsets(partitions));
    }

    private static Set<TopicPartition> owned(Collection<MemberDescription> members) {
        Set<TopicPartition> owned = new HashSet<>();
        members.forEach(member -> owned.addAll(member.assignment().topicPartitions()));
        return owned;
    }

    private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) throws PollFailure {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, OffsetSpec.latest()));
        ListOffsetsResult result = admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(timeoutMs));
        // Wait for all first, then tolerate partitions of topics deleted since the groups were read.
        try {
            KafkaFuture.allOf(partitions.stream().map(result::partitionResult).toArray(KafkaFuture[]::new))
                    .get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException ignored) {
            // inspected per partition below
        } catch (TimeoutException e) {
            throw new PollFailure(cluster.name(), "reading log end offsets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollFailure(cluster.name(), "reading log end offsets", e);
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition partition : partitions) {
            try {
                ListOffsetsResult.ListOffsetsResultInfo info = result.partitionResult(partition).getNow(null);
                if (info != null) {
                    ends.put(partition, info.offset());
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new PollFailure(cluster.name(), "reading the log end offset of " + partition, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PollFailure(cluster.name(), "reading log end offsets", e);
            }
        }
        return ends;
    }

    private <T> T await(String step, KafkaFuture<T> future) throws PollFailure {
        try {
            // The Admin call times out by itself; the extra second only guards against a lost callback.
            return future.get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new PollFailure(cluster.name(), step, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollFailure(cluster.name(), step, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }
}
