-- Lineage graph: tables, topics and consumer groups, and the edges table -> topic (ROUTE) and
-- topic -> group (CONSUME). Times are epoch milliseconds. Health columns hold the latest poll's
-- lag and status on CONSUME edges and on group nodes; they are null elsewhere.
CREATE TABLE lineage_node (
    id           VARCHAR(700) PRIMARY KEY,
    kind         VARCHAR(16)  NOT NULL,
    name         VARCHAR(512) NOT NULL,
    cluster      VARCHAR(180),
    first_seen   BIGINT       NOT NULL,
    last_seen    BIGINT       NOT NULL,
    lag_records  BIGINT,
    lag_seconds  DOUBLE PRECISION,
    status       VARCHAR(16),
    health_time  BIGINT
);

CREATE TABLE lineage_edge (
    source_id    VARCHAR(700) NOT NULL,
    target_id    VARCHAR(700) NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    via          VARCHAR(256) NOT NULL,
    declared     BOOLEAN      NOT NULL,
    first_seen   BIGINT       NOT NULL,
    last_seen    BIGINT       NOT NULL,
    lag_records  BIGINT,
    lag_seconds  DOUBLE PRECISION,
    status       VARCHAR(16),
    health_time  BIGINT,
    PRIMARY KEY (source_id, target_id)
);

CREATE INDEX lineage_edge_target ON lineage_edge (target_id);
CREATE INDEX lineage_edge_last_seen ON lineage_edge (last_seen);
