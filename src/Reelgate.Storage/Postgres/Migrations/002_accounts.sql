-- Prepaid credit (micro-USD integers). `accounts` is a running total kept in the same
-- transaction as every ledger row; the ledger alone is the source of truth and can rebuild it.
ALTER TABLE jobs ADD COLUMN hold_micros bigint NOT NULL DEFAULT 0;

CREATE TABLE accounts (
    project_id      text    PRIMARY KEY,
    balance_micros  bigint  NOT NULL DEFAULT 0,
    held_micros     bigint  NOT NULL DEFAULT 0,
    updated_at      bigint  NOT NULL
);

-- kind: 0 grant, 1 top-up, 2 hold, 3 capture, 4 release (append only). Amounts are positive.
-- balance = grants + top-ups − captures; held = holds − captures − releases.
CREATE TABLE ledger (
    id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id      text    NOT NULL,
    kind            bigint  NOT NULL,
    amount_micros   bigint  NOT NULL CHECK (amount_micros > 0),
    job_id          text,
    topup_id        text,
    note            text,
    balance_after   bigint  NOT NULL,
    held_after      bigint  NOT NULL,
    created_at      bigint  NOT NULL
);

CREATE INDEX ledger_by_project ON ledger (project_id, id);

-- A job is held, captured and released at most once each; a top-up credits at most once.
CREATE UNIQUE INDEX ledger_once_per_job ON ledger (job_id, kind) WHERE job_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_once_per_topup ON ledger (topup_id) WHERE topup_id IS NOT NULL;

-- state: 0 pending, 1 credited, 2 expired.
CREATE TABLE topups (
    id              text    PRIMARY KEY,
    project_id      text    NOT NULL,
    amount_micros   bigint  NOT NULL CHECK (amount_micros > 0),
    provider        text    NOT NULL,
    provider_ref    text,
    checkout_url    text,
    state           bigint  NOT NULL DEFAULT 0,
    created_at      bigint  NOT NULL,
    expires_at      bigint  NOT NULL,
    credited_at     bigint
);

CREATE UNIQUE INDEX topups_by_provider_ref ON topups (provider, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX topups_by_project ON topups (project_id, id);
