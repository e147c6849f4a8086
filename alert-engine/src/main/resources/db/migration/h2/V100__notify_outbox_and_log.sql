-- Dispatch and notifications (versions from 100 upward; the engine core uses lower ones).
-- Every message is written here before its first attempt; times are epoch milliseconds.
CREATE TABLE notify_outbox (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    integration     VARCHAR(300)  NOT NULL,
    receiver        VARCHAR(200)  NOT NULL,
    group_key       VARCHAR(4000) NOT NULL,
    content_hash    CHAR(64)      NOT NULL,
    title           VARCHAR(1000) NOT NULL,
    payload         CLOB          NOT NULL,
    alert_count     INT           NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL,
    created_at      BIGINT        NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    sent_at         BIGINT,
    last_error      VARCHAR(2000)
);
CREATE INDEX notify_outbox_due ON notify_outbox (status, next_attempt_at);

-- What each integration last notified per aggregation group, so a restart does not resend it.
CREATE TABLE notify_log (
    integration VARCHAR(300)  NOT NULL,
    group_hash  CHAR(64)      NOT NULL,
    group_key   VARCHAR(4000) NOT NULL,
    firing      CLOB          NOT NULL,
    resolved    CLOB          NOT NULL,
    sent_at     BIGINT        NOT NULL,
    PRIMARY KEY (integration, group_hash)
);
