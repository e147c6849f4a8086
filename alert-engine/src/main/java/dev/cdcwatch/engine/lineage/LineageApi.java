package dev.cdcwatch.engine.lineage;

import dev.cdcwatch.engine.alerts.AlertRegistry;
import dev.cdcwatch.engine.api.Responses;
import dev.cdcwatch.lineage.LineageCollector;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/lineage} (nodes and edges with health and the alerts firing on each), {@code /api/v1/lineage/impact?table=db.t}
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
        router.get("/api/v1/lineage").blockingHandler(context -> Responses.json(context, 200, LineageView.of(collector.graph(), alerts.all())));
        router.get("/api/v1/lineage/impact").blockingHandler(this::impact);
        router.get("/api/v1/lineage/graph").blockingHandler(context ->
                Responses.json(context, 200, collector.nodeGraph(FiringAlerts.of(collector.graph(), alerts.all()).countsByNode())));
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
}
