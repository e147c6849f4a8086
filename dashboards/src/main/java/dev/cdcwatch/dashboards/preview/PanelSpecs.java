package dev.cdcwatch.dashboards.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.dashboards.Dashboard;
import dev.cdcwatch.dashboards.Datasources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the panels of a dashboard's JSON into {@link PanelSpec}s. */
final class PanelSpecs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PanelSpecs() {
    }

    static List<PanelSpec> of(Dashboard dashboard) {
        try {
            List<PanelSpec> specs = new ArrayList<>();
            collect(JSON.readTree(dashboard.json()).path("panels"), specs);
            return specs;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("dashboard " + dashboard.uid() + " is not valid JSON", e);
        }
    }

    private static void collect(JsonNode panels, List<PanelSpec> specs) {
        for (JsonNode panel : panels) {
            JsonNode grid = panel.path("gridPos");
            JsonNode defaults = panel.path("fieldConfig").path("defaults");
            List<PanelSpec.Target> targets = new ArrayList<>();
            panel.path("targets").forEach(t -> {
                if (t.has("expr")) {
                    targets.add(new PanelSpec.Target(t.path("expr").asText(), t.path("legendFormat").asText(""), t.path("instant").asBoolean(false)));
                }
            });
            specs.add(new PanelSpec(panel.path("type").asText(), panel.path("title").asText(), grid.path("x").asInt(), grid.path("y").asInt(),
                    grid.path("w").asInt(24), grid.path("h").asInt(1),
                    panel.path("datasource").path("uid").asText().equals(Datasources.ENGINE_UID),
                    targets, defaults.path("unit").asText("short"), mappings(defaults.path("mappings")), steps(defaults.path("thresholds").path("steps"))));
            collect(panel.path("panels"), specs);
        }
    }

    private static Map<String, PanelSpec.Mapping> mappings(JsonNode mappings) {
        Map<String, PanelSpec.Mapping> byValue = new LinkedHashMap<>();
        for (JsonNode mapping : mappings) {
            mapping.path("options").fields().forEachRemaining(e -> byValue.put(e.getKey(),
                    new PanelSpec.Mapping(e.getValue().path("text").asText(e.getKey()), Theme.color(e.getValue().path("color").asText(null)))));
        }
        return byValue;
    }

    private static List<PanelSpec.Step> steps(JsonNode steps) {
        List<PanelSpec.Step> list = new ArrayList<>();
        for (JsonNode step : steps) {
            double from = step.path("value").isNumber() ? step.path("value").asDouble() : Double.NEGATIVE_INFINITY;
            list.add(new PanelSpec.Step(from, Theme.color(step.path("color").asText(null))));
        }
        return list;
    }
}
