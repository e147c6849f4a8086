package dev.cdcwatch.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a Grafana dashboard's JSON into a {@link Dashboard}: its variables and every query of its panels. */
public final class DashboardParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardParser() {
    }

    /**
     * @param source where the JSON comes from, for error messages
     * @throws IllegalArgumentException if the JSON is malformed, lacks a uid or title, or a query uses a
     *                                  data source that cdc-watch does not provision
     */
    public static Dashboard parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        String uid = required(root, "uid", source);
        String title = required(root, "title", source);
        List<PanelQuery> queries = new ArrayList<>();
        List<EngineQuery> engineQueries = new ArrayList<>();
        collectPanels(uid, root.path("panels"), queries, engineQueries);
        collectAnnotations(uid, root.path("annotations").path("list"), engineQueries);
        return new Dashboard(uid, title, json, variables(root.path("templating").path("list")), queries, engineQueries);
    }

    private static void collectPanels(String uid, JsonNode panels, List<PanelQuery> queries, List<EngineQuery> engineQueries) {
        for (JsonNode panel : panels) {
            // Rows carry their panels inside themselves while collapsed.
            collectPanels(uid, panel.path("panels"), queries, engineQueries);
            String title = panel.path("title").asText();
            String panelDatasource = panel.path("datasource").path("uid").asText("");
            for (JsonNode target : panel.path("targets")) {
                String datasource = target.path("datasource").path("uid").asText(panelDatasource);
                String where = "dashboard '" + uid + "' panel '" + title + "'";
                switch (datasource) {
                    case Datasources.PROMETHEUS_UID -> queries.add(new PanelQuery(uid, title, panel.path("type").asText(),
                            target.path("refId").asText(), required(target, "expr", where),
                            target.path("legendFormat").asText(""), target.path("instant").asBoolean(false)));
                    case Datasources.ENGINE_UID -> engineQueries.add(engineQuery(uid, title, target, where));
                    default -> throw new IllegalArgumentException(where + " uses data source uid '" + datasource
                            + "'; only " + Datasources.PROMETHEUS_UID + " and " + Datasources.ENGINE_UID + " are provisioned");
                }
            }
        }
    }

    private static void collectAnnotations(String uid, JsonNode annotations, List<EngineQuery> engineQueries) {
        for (JsonNode annotation : annotations) {
            if (annotation.path("builtIn").asInt(0) == 1) {
                continue;
            }
            String where = "dashboard '" + uid + "' annotation '" + annotation.path("name").asText() + "'";
            String datasource = annotation.path("datasource").path("uid").asText("");
            if (!datasource.equals(Datasources.ENGINE_UID)) {
                throw new IllegalArgumentException(where + " uses data source uid '" + datasource + "'; annotations come from "
                        + Datasources.ENGINE_UID);
            }
            engineQueries.add(engineQuery(uid, "annotation " + annotation.path("name").asText(), annotation.path("target"), where));
        }
    }

    private static EngineQuery engineQuery(String uid, String source, JsonNode target, String where) {
        Map<String, String> params = new LinkedHashMap<>();
        for (JsonNode param : target.path("url_options").path("params")) {
            params.put(required(param, "key", where), param.path("value").asText(""));
        }
        List<EngineQuery.Column> columns = new ArrayList<>();
        for (JsonNode column : target.path("columns")) {
            columns.add(new EngineQuery.Column(required(column, "selector", where), column.path("text").asText(""),
                    column.path("type").asText("string")));
        }
        return new EngineQuery(uid, source, required(target, "url", where), required(target, "format", where),
                target.path("root_selector").asText(""), params, columns);
    }

    private static List<TemplateVariable> variables(JsonNode list) {
        List<TemplateVariable> variables = new ArrayList<>();
        for (JsonNode variable : list) {
            if (!variable.path("type").asText().equals("query")) {
                continue;
            }
            JsonNode query = variable.path("query");
            // Grafana writes the query as a plain string or, from version 10, as an object holding it.
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            variables.add(new TemplateVariable(variable.path("name").asText(), text, variable.path("multi").asBoolean(false),
                    variable.path("includeAll").asBoolean(false), variable.path("allValue").asText(".*")));
        }
        return variables;
    }

    private static String required(JsonNode node, String field, String where) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException(where + ": missing '" + field + "'");
        }
        return value;
    }
}
