package dev.cdcwatch.engine.rules.promql;

/** PromQL's value types, named as Prometheus names them in its errors. */
public enum ValueType {
    SCALAR("scalar"), VECTOR("instant vector"), MATRIX("range vector"), STRING("string");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
