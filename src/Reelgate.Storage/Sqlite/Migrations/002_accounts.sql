-- Prepaid credit (micro-USD integers). `accounts` is a running total kept in the same
-- transaction as every ledger row; the ledger alone is the source of truth and can rebuild it.
ALTER TABLE jobs ADD COLUMN hold_micros INTEGER NOT NULL DEFAULT 0;

CREATE TABLE accounts (
    project_id      TEXT    PRIMARY KEY,
    balance_micros  INTEGER NOT NULL DEFAULT 0,
    held_micros     INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);

-- kind: 0 grant, 1 top-up, 2 hold, 3 capture, 4 release (append only). Amounts are positive.
-- balance = grants + top-ups − captures; held = holds − captures − releases.
CREATE TABLE ledger (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id      TEXT    NOT NULL,
    kind            INTEGER NOT NULL,
    amount_micros   INTEGER NOT NULL CHECK (amount_micros > 0),
    job_id          TEXT,
    topup_id        TEXT,
    note            TEXT,
    balance_after   INTEGER NOT NULL,
    held_after      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
);

CREATE INDEX ledger_by_project ON ledger (project_id, id);

-- A job is held, captured and released at most once each; a top-up credits at most once.
CREATE UNIQUE INDEX ledger_once_per_job ON ledger (job_id, kind) WHERE job_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_once_per_topup ON ledger (topup_id) WHERE topup_id IS NOT NULL;

-- state: 0 pending, 1 credited, 2 expired.
CREATE TABLE topups (
    id              TEXT    PRIMARY KEY,
    project_id      TEXT    NOT NULL,
    amount_micros   INTEGER NOT NULL CHECK (amount_micros > 0),
    provider        TEXT    NOT NULL,
    provider_ref    TEXT,
    checkout_url    TEXT,
    state           INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    credited_at     INTEGER
);

CREATE UNIQUE INDEX topups_by_provider_ref ON topups (provider, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX topups_by_project ON topups (project_id, id);
