package dev.cdcwatch.dashboards;

/**
 * One PromQL query of a panel, as written in the dashboard (variables not yet filled in).
 *
 * @param dashboardUid the dashboard's uid
 * @param panelTitle   the panel's title
 * @param panelType    Grafana's panel type, e.g. {@code timeseries}
 * @param refId        the query's id within the panel
 * @param expr         the PromQL expression
 * @param legendFormat Grafana's legend template, e.g. {@code subtask {{subtask}}}; empty if none
 * @param instant      whether Grafana runs it as an instant query (tables) rather than a range
 */
public record PanelQuery(String dashboardUid, String panelTitle, String panelType, String refId, String expr,
                         String legendFormat, boolean instant) {

    /** Where the query lives, for error messages. */
    public String location() {
        return "dashboard '" + dashboardUid + "' panel '" + panelTitle + "' query " + refId;
    }
}
