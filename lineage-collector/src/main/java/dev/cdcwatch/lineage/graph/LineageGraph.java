package dev.cdcwatch.lineage.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/** The whole graph at one moment, with each group's latest health, and the impact queries over it. */
public record LineageGraph(List<LineageNode> nodes, List<LineageEdge> edges) {

    public LineageGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** Topics and groups downstream of a table given as {@code db.table}. */
    public Impact impactOfTable(String qualifiedTable) {
        return impact("table " + qualifiedTable, Set.of(NodeIds.table(qualifiedTable)));
    }

    /** Tables upstream and groups downstream of a topic. */
    public Impact impactOfTopic(String topic) {
        return impact("topic " + topic, Set.of(NodeIds.topic(topic)));
    }

    /** Topics and tables upstream of a group, given as {@code name} (any cluster) or {@code cluster/name}. */
    public Impact impactOfGroup(String group) {
        Set<String> starts = new LinkedHashSet<>();
        for (LineageNode node : nodes) {
            if (node.kind() == NodeKind.GROUP && (node.name().equals(group) || (node.cluster() + "/" + node.name()).equals(group))) {
                starts.add(node.id());
            }
        }
        return impact("group " + group, starts);
    }

    private Impact impact(String subject, Set<String> starts) {
        Map<String, LineageNode> byId = new HashMap<>();
        nodes.forEach(node -> byId.put(node.id(), node));
        Set<String> reached = new LinkedHashSet<>();
        reached.addAll(walk(starts, LineageEdge::source, LineageEdge::target));
        reached.addAll(walk(starts, LineageEdge::target, LineageEdge::source));
        reached.removeAll(starts);
        List<LineageNode> tables = new ArrayList<>();
        List<LineageNode> topics = new ArrayList<>();
        List<LineageNode> groups = new ArrayList<>();
        for (String id : reached) {
            LineageNode node = byId.get(id);
            if (node == null) {
                continue;
            }
            switch (node.kind()) {
                case TABLE -> tables.add(node);
                case TOPIC -> topics.add(node);
                case GROUP -> groups.add(node);
            }
        }
        List<LineageNode> roots = starts.stream().map(byId::get).filter(Objects::nonNull).toList();
        return new Impact(subject, roots, tables, topics, groups);
    }

    /** Every node reachable from {@code starts} following edges from {@code from} to {@code to}. */
    private Set<String> walk(Set<String> starts, Function<LineageEdge, String> from, Function<LineageEdge, String> to) {
        Map<String, List<String>> next = new HashMap<>();
        edges.forEach(edge -> next.computeIfAbsent(from.apply(edge), k -> new ArrayList<>()).add(to.apply(edge)));
        Set<String> seen = new LinkedHashSet<>(starts);
        Deque<String> queue = new ArrayDeque<>(starts);
        while (!queue.isEmpty()) {
            for (String neighbour : next.getOrDefault(queue.removeFirst(), List.of())) {
                if (seen.add(neighbour)) {
                    queue.addLast(neighbour);
                }
            }
        }
        return seen;
    }
}
