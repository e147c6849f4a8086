package dev.cdcwatch.engine.lineage;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertRegistry;
import dev.cdcwatch.engine.alerts.AlertState;
import dev.cdcwatch.engine.api.Responses;
import dev.cdcwatch.engine.dispatch.LineageInhibition;
import dev.cdcwatch.lineage.LineageCollector;
import dev.cdcwatch.lineage.graph.LineageNode;
import dev.cdcwatch.lineage.graph.NodeKind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/lineage} (nodes and edges with health), {@code /api/v1/lineage/impact?table=db.t}
 * (or {@code group=}, {@code topic=}) and {@code /api/v1/lineage/graph} (Grafana Node Graph frames,
 * with the number of firing alerts on each node).
 */
public final class LineageApi {

    private final LineageCollector collector;
    private final AlertRegistry alerts;

    public LineageApi(LineageCollector collector, AlertRegistry alerts) {
        this.collector = collector;
        this.alerts = alerts;
    }

    public void mount(Router router) {
        router.get("/api/v1/lineage").blockingHandler(context -> Responses.json(context, 200, collector.graph()));
        router.get("/api/v1/lineage/impact").blockingHandler(this::impact);
        router.get("/api/v1/lineage/graph").blockingHandler(context ->
                Responses.json(context, 200, collector.nodeGraph(firingAlertsByNode())));
    }

    private void impact(RoutingContext context) {
        String table = context.request().getParam("table");
        String group = context.request().getParam("group");
        String topic = context.request().getParam("topic");
        if (table != null) {
            Responses.json(context, 200, collector.impactOfTable(table));
        } else if (group != null) {
            Responses.json(context, 200, collector.impactOfGroup(group));
        } else if (topic != null) {
            Responses.json(context, 200, collector.impactOfTopic(topic));
        } else {
            Responses.error(context, 400, "give one of table=<db.table>, group=<group> or topic=<topic>");
        }
    }

    /** Firing alerts per node id, counted on every node an alert's lineage names. */
    private Map<String, Integer> firingAlertsByNode() {
        Map<String, Integer> byName = new HashMap<>();
        for (Alert alert : alerts.all()) {
            if (alert.state() != AlertState.FIRING) {
                continue;
            }
            count(byName, NodeKind.TABLE, alert.annotations().get(LineageInhibition.UPSTREAM_TABLES));
            count(byName, NodeKind.TOPIC, alert.annotations().get(LineageInhibition.DOWNSTREAM_TOPICS));
            count(byName, NodeKind.GROUP, alert.annotations().get(LineageInhibition.DOWNSTREAM_GROUPS));
        }
        Map<String, Integer> byId = new HashMap<>();
        for (LineageNode node : collector.graph().nodes()) {
            Integer firing = byName.get(node.kind() + ":" + node.name());
            if (firing != null) {
                byId.put(node.id(), firing);
            }
        }
        return byId;
    }

    private static void count(Map<String, Integer> counts, NodeKind kind, String commaSeparated) {
        if (commaSeparated == null) {
            return;
        }
        for (String name : commaSeparated.split(",")) {
            if (!name.isBlank()) {
                counts.merge(kind + ":" + name.trim(), 1, Integer::sum);
            }
        }
    }
}
