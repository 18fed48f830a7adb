-- Webhooks: a project endpoint with its Standard Webhooks secret, and a durable outbox of
-- deliveries written in the same transaction as the job state change that causes them.
ALTER TABLE projects ADD COLUMN webhook_url TEXT;
ALTER TABLE projects ADD COLUMN webhook_secret TEXT;

-- state: 0 pending, 1 delivered, 2 failed (gave up). event: video.succeeded, video.failed, ...
CREATE TABLE webhook_deliveries (
    id               TEXT    PRIMARY KEY,
    project_id       TEXT    NOT NULL,
    job_id           TEXT    NOT NULL,
    event            TEXT    NOT NULL,
    url              TEXT    NOT NULL,
    state            INTEGER NOT NULL DEFAULT 0,
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    give_up_at       INTEGER NOT NULL,
    lease_owner      TEXT,
    lease_expires_at INTEGER,
    completed_at     INTEGER,
    last_status      INTEGER,
    last_error       TEXT
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 0;
CREATE INDEX webhook_deliveries_by_job ON webhook_deliveries (job_id, created_at);

CREATE TABLE webhook_attempts (
    delivery_id   TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,
    status_code   INTEGER,
    error         TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
