-- Lineage graph on MySQL and MariaDB: the H2 schema, except that the edge's two 700-character ends are
-- too long together for an InnoDB key (3072 bytes), so a stored hash of both keeps edges unique.
-- The binary collation compares ids exactly, as H2 and PostgreSQL do. Times are epoch milliseconds.
CREATE TABLE lineage_node (
    id           VARCHAR(700) NOT NULL PRIMARY KEY,
    kind         VARCHAR(16)  NOT NULL,
    name         VARCHAR(512) NOT NULL,
    cluster      VARCHAR(180),
    first_seen   BIGINT       NOT NULL,
    last_seen    BIGINT       NOT NULL,
    lag_records  BIGINT,
    lag_seconds  DOUBLE PRECISION,
    status       VARCHAR(16),
    health_time  BIGINT
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

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
    edge_hash    CHAR(64) AS (SHA2(CONCAT(source_id, ' -> ', target_id), 256)) STORED,
    UNIQUE KEY lineage_edge_ends (edge_hash)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX lineage_edge_source ON lineage_edge (source_id);
CREATE INDEX lineage_edge_target ON lineage_edge (target_id);
CREATE INDEX lineage_edge_last_seen ON lineage_edge (last_seen);
