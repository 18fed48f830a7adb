-- Webhooks: a project endpoint with its Standard Webhooks secret, and a durable outbox of
-- deliveries written in the same transaction as the job state change that causes them.
ALTER TABLE projects ADD COLUMN webhook_url text;
ALTER TABLE projects ADD COLUMN webhook_secret text;

-- state: 0 pending, 1 delivered, 2 failed (gave up). event: video.succeeded, video.failed, ...
CREATE TABLE webhook_deliveries (
    id               text    PRIMARY KEY,
    project_id       text    NOT NULL,
    job_id           text    NOT NULL,
    event            text    NOT NULL,
    url              text    NOT NULL,
    state            bigint  NOT NULL DEFAULT 0,
    attempts         bigint  NOT NULL DEFAULT 0,
    created_at       bigint  NOT NULL,
    next_attempt_at  bigint  NOT NULL,
    give_up_at       bigint  NOT NULL,
    lease_owner      text,
    lease_expires_at bigint,
    completed_at     bigint,
    last_status      bigint,
    last_error       text
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 0;
CREATE INDEX webhook_deliveries_by_job ON webhook_deliveries (job_id, created_at);

CREATE TABLE webhook_attempts (
    delivery_id   text    NOT NULL,
    attempt       bigint  NOT NULL,
    started_at    bigint  NOT NULL,
    duration_ms   bigint  NOT NULL,
    status_code   bigint,
    error         text,
    PRIMARY KEY (delivery_id, attempt)
);
