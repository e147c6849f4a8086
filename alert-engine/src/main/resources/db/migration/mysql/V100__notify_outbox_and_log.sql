-- Dispatch and notifications on MySQL and MariaDB (versions from 100 upward; the engine core uses lower ones).
-- Every message is written here before its first attempt; times are epoch milliseconds.
CREATE TABLE notify_outbox (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    integration     VARCHAR(300)  NOT NULL,
    receiver        VARCHAR(200)  NOT NULL,
    group_key       VARCHAR(4000) NOT NULL,
    content_hash    CHAR(64)      NOT NULL,
    title           VARCHAR(1000) NOT NULL,
    payload         MEDIUMTEXT    NOT NULL,
    alert_count     INT           NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL,
    created_at      BIGINT        NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    sent_at         BIGINT,
    last_error      VARCHAR(2000)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX notify_outbox_due ON notify_outbox (status, next_attempt_at);

-- What each integration last notified per aggregation group, so a restart does not resend it.
CREATE TABLE notify_log (
    integration VARCHAR(300)  NOT NULL,
    group_hash  CHAR(64)      NOT NULL,
    group_key   VARCHAR(4000) NOT NULL,
    firing      MEDIUMTEXT    NOT NULL,
    resolved    MEDIUMTEXT    NOT NULL,
    sent_at     BIGINT        NOT NULL,
    PRIMARY KEY (integration, group_hash)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
