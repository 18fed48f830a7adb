-- Every vendor attempt of a job (fallback shows as several), and the vendor's queue position.
ALTER TABLE jobs ADD COLUMN queue_position bigint;

CREATE TABLE job_attempts (
    job_id         text    NOT NULL,
    attempt        bigint  NOT NULL,
    vendor         text    NOT NULL,
    model          text    NOT NULL,
    vendor_job_id  text,
    started_at     bigint  NOT NULL,
    ended_at       bigint,
    outcome        text,
    message        text,
    PRIMARY KEY (job_id, attempt)
);
