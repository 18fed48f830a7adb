-- Projects own keys and jobs. Times are Unix milliseconds (UTC). Tables are created in the first
-- schema of the search path, never a hard-coded one, so several deployments can share a database.
CREATE TABLE projects (
    id          text    PRIMARY KEY,
    name        text    NOT NULL UNIQUE,
    created_at  bigint  NOT NULL
);

-- Only the SHA-256 of a key is stored; the secret is shown once by `admin create-key`.
CREATE TABLE api_keys (
    id          text    PRIMARY KEY,
    project_id  text    NOT NULL REFERENCES projects (id),
    prefix      text    NOT NULL,
    hash        text    NOT NULL UNIQUE,
    created_at  bigint  NOT NULL,
    revoked_at  bigint
);

-- state: 0 queued, 1 running, 2 succeeded, 3 failed, 4 canceled, 5 expired (append only).
-- Integers are bigint and reals double precision, as SQLite's INTEGER and REAL are 64-bit. Ids
-- compare byte-wise (collation "C", as in SQLite), so keyset paging and claims follow creation
-- order whatever the database's collation.
CREATE TABLE jobs (
    id                   text COLLATE "C"  PRIMARY KEY,
    project_id           text              NOT NULL,
    state                bigint            NOT NULL,
    prompt               text              NOT NULL,
    reference_image_url  text,
    duration_seconds     bigint            NOT NULL,
    aspect               bigint            NOT NULL,
    resolution           bigint            NOT NULL,
    prefer               bigint            NOT NULL,
    vendor_pin           text,
    model_pin            text,
    callback_url         text,
    metadata             text,
    plan                 text              NOT NULL,
    plan_index           bigint            NOT NULL DEFAULT 0,
    vendor_job_id        text,
    progress             double precision  NOT NULL DEFAULT 0,
    attempts             bigint            NOT NULL DEFAULT 0,
    error_code           text,
    error_message        text,
    retention_days       bigint            NOT NULL,
    created_at           bigint            NOT NULL,
    updated_at           bigint            NOT NULL,
    completed_at         bigint,
    expires_at           bigint,
    cost_micros          bigint            NOT NULL DEFAULT 0,
    video_key            text,
    thumbnail_key        text,
    video_bytes          bigint,
    video_sha256         text,
    video_width          bigint,
    video_height         bigint,
    video_duration       double precision,
    lease_owner          text,
    lease_expires_at     bigint,
    deleted_at           bigint
);

CREATE INDEX jobs_by_project ON jobs (project_id, id) WHERE deleted_at IS NULL;
CREATE INDEX jobs_runnable ON jobs (state, id) WHERE state IN (0, 1) AND deleted_at IS NULL;
CREATE INDEX jobs_expiring ON jobs (expires_at) WHERE state = 2;

-- One row per (project, operation, key). Rows are kept as long as their job (at least 24 h).
CREATE TABLE idempotency_keys (
    project_id    text    NOT NULL,
    operation     text    NOT NULL,
    key           text    NOT NULL,
    request_hash  text    NOT NULL,
    job_id        text,
    status_code   bigint,
    body          text,
    created_at    bigint  NOT NULL,
    PRIMARY KEY (project_id, operation, key)
);
