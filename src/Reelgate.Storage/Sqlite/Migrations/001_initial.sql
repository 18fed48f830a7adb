-- Projects own keys and jobs. Times are Unix milliseconds (UTC).
CREATE TABLE projects (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

-- Only the SHA-256 of a key is stored; the secret is shown once by `admin create-key`.
CREATE TABLE api_keys (
    id          TEXT    PRIMARY KEY,
    project_id  TEXT    NOT NULL REFERENCES projects (id),
    prefix      TEXT    NOT NULL,
    hash        TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

-- state: 0 queued, 1 running, 2 succeeded, 3 failed, 4 canceled, 5 expired (append only).
CREATE TABLE jobs (
    id                   TEXT    PRIMARY KEY,
    project_id           TEXT    NOT NULL,
    state                INTEGER NOT NULL,
    prompt               TEXT    NOT NULL,
    reference_image_url  TEXT,
    duration_seconds     INTEGER NOT NULL,
    aspect               INTEGER NOT NULL,
    resolution           INTEGER NOT NULL,
    prefer               INTEGER NOT NULL,
    vendor_pin           TEXT,
    model_pin            TEXT,
    callback_url         TEXT,
    metadata             TEXT,
    plan                 TEXT    NOT NULL,
    plan_index           INTEGER NOT NULL DEFAULT 0,
    vendor_job_id        TEXT,
    progress             REAL    NOT NULL DEFAULT 0,
    attempts             INTEGER NOT NULL DEFAULT 0,
    error_code           TEXT,
    error_message        TEXT,
    retention_days       INTEGER NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    completed_at         INTEGER,
    expires_at           INTEGER,
    cost_micros          INTEGER NOT NULL DEFAULT 0,
    video_key            TEXT,
    thumbnail_key        TEXT,
    video_bytes          INTEGER,
    video_sha256         TEXT,
    video_width          INTEGER,
    video_height         INTEGER,
    video_duration       REAL,
    lease_owner          TEXT,
    lease_expires_at     INTEGER,
    deleted_at           INTEGER
);

CREATE INDEX jobs_by_project ON jobs (project_id, id) WHERE deleted_at IS NULL;
CREATE INDEX jobs_runnable ON jobs (state, id) WHERE state IN (0, 1) AND deleted_at IS NULL;
CREATE INDEX jobs_expiring ON jobs (expires_at) WHERE state = 2;

-- One row per (project, operation, key). Rows are kept as long as their job (at least 24 h).
CREATE TABLE idempotency_keys (
    project_id    TEXT    NOT NULL,
    operation     TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    request_hash  TEXT    NOT NULL,
    job_id        TEXT,
    status_code   INTEGER,
    body          TEXT,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (project_id, operation, key)
);
