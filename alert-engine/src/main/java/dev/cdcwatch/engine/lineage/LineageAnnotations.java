package dev.cdcwatch.engine.lineage;

import dev.cdcwatch.catalog.metrics.Labels;
import dev.cdcwatch.engine.dispatch.LineageInhibition;
import dev.cdcwatch.lineage.graph.EdgeKind;
import dev.cdcwatch.lineage.graph.Impact;
import dev.cdcwatch.lineage.graph.LineageEdge;
import dev.cdcwatch.lineage.graph.LineageGraph;
import dev.cdcwatch.lineage.graph.LineageNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The lineage an alert carries, from its labels: a {@code table} (with {@code database}) or a
 * {@code group} or {@code topic} is looked up directly; an alert with only a {@code job} stands for
 * every table that job routes. Annotations are comma-separated lists, empty ones left out.
 */
final class LineageAnnotations {

    private LineageAnnotations() {
    }

    static Map<String, String> of(LineageGraph graph, Map<String, String> labels) {
        List<Impact> impacts = new ArrayList<>();
        String table = labels.get(Labels.TABLE);
        String database = labels.get(Labels.DATABASE);
        if (table != null && database != null) {
            impacts.add(graph.impactOfTable(database + "." + table));
        } else if (labels.get(Labels.GROUP) != null) {
            String cluster = labels.get(Labels.CLUSTER);
            impacts.add(graph.impactOfGroup(cluster == null ? labels.get(Labels.GROUP) : cluster + "/" + labels.get(Labels.GROUP)));
        } else if (labels.get(Labels.TOPIC) != null) {
            impacts.add(graph.impactOfTopic(labels.get(Labels.TOPIC)));
        } else if (labels.get(Labels.JOB) != null) {
            for (String routedTable : tablesOfJob(graph, labels.get(Labels.JOB))) {
                impacts.add(graph.impactOfTable(routedTable));
            }
        }
        TreeSet<String> tables = new TreeSet<>();
        TreeSet<String> topics = new TreeSet<>();
        TreeSet<String> groups = new TreeSet<>();
        for (Impact impact : impacts) {
            impact.roots().stream().filter(node -> node.id().startsWith("table:")).map(LineageNode::name).forEach(tables::add);
            impact.tables().stream().map(LineageNode::name).forEach(tables::add);
            impact.topics().stream().map(LineageNode::name).forEach(topics::add);
            impact.groups().stream().map(LineageNode::name).forEach(groups::add);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        put(annotations, LineageInhibition.UPSTREAM_TABLES, tables);
        put(annotations, LineageInhibition.DOWNSTREAM_TOPICS, topics);
        put(annotations, LineageInhibition.DOWNSTREAM_GROUPS, groups);
        return annotations;
    }

    private static List<String> tablesOfJob(LineageGraph graph, String job) {
        Map<String, LineageNode> byId = new LinkedHashMap<>();
        graph.nodes().forEach(node -> byId.put(node.id(), node));
        List<String> tables = new ArrayList<>();
        for (LineageEdge edge : graph.edges()) {
            LineageNode source = byId.get(edge.source());
            if (edge.kind() == EdgeKind.ROUTE && job.equals(edge.via()) && source != null) {
                tables.add(source.name());
            }
        }
        return tables;
    }

    private static void put(Map<String, String> annotations, String name, TreeSet<String> values) {
        if (!values.isEmpty()) {
            annotations.put(name, String.join(", ", values));
        }
    }
}
