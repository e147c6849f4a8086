package dev.cdcwatch.dashboards;

import java.util.List;

/**
 * One Grafana dashboard of cdc-watch.
 *
 * @param uid           Grafana's uid, also the file name without {@code .json}
 * @param title         the title shown in Grafana
 * @param json          the dashboard exactly as shipped, ready to serve or import
 * @param variables     its query variables, in the order Grafana resolves them
 * @param queries       every PromQL query of its panels
 * @param engineQueries every query of its panels and annotations against the engine
 */
public record Dashboard(String uid, String title, String json, List<TemplateVariable> variables, List<PanelQuery> queries,
                        List<EngineQuery> engineQueries) {

    public Dashboard {
        variables = List.copyOf(variables);
        queries = List.copyOf(queries);
        engineQueries = List.copyOf(engineQueries);
    }
}
