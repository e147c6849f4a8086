-- Alert state and silences of the alert engine on MySQL and MariaDB. MEDIUMTEXT holds the JSON of
-- labels, annotations and matchers (a VARCHAR that long would not fit InnoDB's row limit); the binary
-- collation compares names exactly, as H2 and PostgreSQL do. Times are epoch milliseconds.

CREATE TABLE engine_alerts (
    fingerprint       VARCHAR(16)      NOT NULL PRIMARY KEY,
    group_name        VARCHAR(255)     NOT NULL,
    rule_name         VARCHAR(255)     NOT NULL,
    labels            MEDIUMTEXT       NOT NULL,
    annotations       MEDIUMTEXT       NOT NULL,
    state             VARCHAR(16)      NOT NULL,
    alert_value       DOUBLE PRECISION NOT NULL,
    active_at         BIGINT           NOT NULL,
    fired_at          BIGINT,
    resolved_at       BIGINT,
    keep_firing_since BIGINT,
    updated_at        BIGINT           NOT NULL
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE engine_alert_history (
    id          BIGINT           NOT NULL AUTO_INCREMENT PRIMARY KEY,
    fingerprint VARCHAR(16)      NOT NULL,
    group_name  VARCHAR(255)     NOT NULL,
    rule_name   VARCHAR(255)     NOT NULL,
    labels      MEDIUMTEXT       NOT NULL,
    from_state  VARCHAR(16)      NOT NULL,
    to_state    VARCHAR(16)      NOT NULL,
    alert_value DOUBLE PRECISION NOT NULL,
    occurred_at BIGINT           NOT NULL
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX engine_alert_history_fingerprint ON engine_alert_history (fingerprint, id);

CREATE TABLE engine_silences (
    id         VARCHAR(64)   NOT NULL PRIMARY KEY,
    matchers   MEDIUMTEXT    NOT NULL,
    starts_at  BIGINT        NOT NULL,
    ends_at    BIGINT        NOT NULL,
    created_by VARCHAR(255)  NOT NULL,
    comment    VARCHAR(4000) NOT NULL,
    updated_at BIGINT        NOT NULL
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
