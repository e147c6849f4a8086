package dev.cdcwatch.dashboards.prometheus;

/** Prometheus refused or failed a query; the message carries the query and Prometheus's reason. */
public final class PrometheusQueryException extends RuntimeException {

    public PrometheusQueryException(String message) {
        super(message);
    }

    public PrometheusQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
