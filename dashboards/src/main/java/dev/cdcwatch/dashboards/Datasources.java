package dev.cdcwatch.dashboards;

/** The data source uids the dashboards use; {@code provisioning/datasources/cdcwatch.yaml} pins them. */
public final class Datasources {

    /** The Prometheus that scrapes the reporters and the engine. */
    public static final String PROMETHEUS_UID = "cdcwatch-prometheus";
    /** The engine's JSON endpoints, read through the Infinity plugin. */
    public static final String ENGINE_UID = "cdcwatch-engine";
    /** The Grafana plugin id of the engine's data source. */
    public static final String ENGINE_PLUGIN = "yesoreyeram-infinity-datasource";

    private Datasources() {
    }
}
