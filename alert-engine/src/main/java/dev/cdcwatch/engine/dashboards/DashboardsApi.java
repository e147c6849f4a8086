package dev.cdcwatch.engine.dashboards;

import dev.cdcwatch.dashboards.Dashboard;
import dev.cdcwatch.dashboards.Dashboards;
import dev.cdcwatch.engine.api.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;

/** Serves the Grafana dashboards the engine ships: {@code GET /dashboards} lists them, {@code GET /dashboards/<uid>.json} is one. */
public final class DashboardsApi {

    public void mount(Router router) {
        router.get("/dashboards").handler(context -> Responses.json(context, 200, Dashboards.all().stream()
                .map(dashboard -> Map.of("uid", dashboard.uid(), "title", dashboard.title(), "url", "/dashboards/" + dashboard.uid() + ".json"))
                .toList()));
        router.get("/dashboards/:file").handler(this::dashboard);
    }

    private void dashboard(RoutingContext context) {
        String file = context.pathParam("file");
        String uid = file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file;
        Dashboards.byUid(uid).map(Dashboard::json).ifPresentOrElse(
                json -> context.response().putHeader("Content-Type", "application/json").end(json),
                () -> Responses.error(context, 404, "no dashboard '" + uid + "'; known: " + List.copyOf(Dashboards.UIDS)));
    }
}
