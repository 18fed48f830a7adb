-- Every vendor attempt of a job (fallback shows as several), and the vendor's queue position.
ALTER TABLE jobs ADD COLUMN queue_position INTEGER;

CREATE TABLE job_attempts (
    job_id         TEXT    NOT NULL,
    attempt        INTEGER NOT NULL,
    vendor         TEXT    NOT NULL,
    model          TEXT    NOT NULL,
    vendor_job_id  TEXT,
    started_at     INTEGER NOT NULL,
    ended_at       INTEGER,
    outcome        TEXT,
    message        TEXT,
    PRIMARY KEY (job_id, attempt)
);
