-- Job capacity: thousands of jobs in flight per node.
-- vendor: the vendor of the job's current model, where it waits or runs (claims check its room).
-- slot_vendor: set while the job holds one of that vendor account's concurrency slots, counted
-- across every node; cleared when the job ends or moves to another vendor.
ALTER TABLE jobs ADD COLUMN vendor text;
ALTER TABLE jobs ADD COLUMN slot_vendor text;
UPDATE jobs SET vendor = split_part(plan, '/', 1) WHERE state IN (0, 1) AND plan_index = 0;

-- One lease per dispatcher node instead of one per job: a heartbeat renews one row however many
-- jobs the node runs. A running job without an owner waits for a claim (handed back, or its node died).
CREATE TABLE dispatchers (
    owner             text    PRIMARY KEY,
    lease_expires_at  bigint  NOT NULL,
    started_at        bigint  NOT NULL
);

-- Running jobs of the per-job leases before this version go back to the claims (stop dispatchers
-- of the previous version before starting this one; the vendor jobs resume from their record).
UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE state = 1;

-- A vendor that answered a rate limit with a wait: no node claims for it or polls it before until_at.
CREATE TABLE vendor_pauses (
    vendor    text    PRIMARY KEY,
    until_at  bigint  NOT NULL
);

DROP INDEX jobs_runnable;
CREATE INDEX jobs_queued ON jobs (project_id, id) WHERE state = 0 AND deleted_at IS NULL;
CREATE INDEX jobs_unowned ON jobs (id) WHERE state = 1 AND lease_owner IS NULL AND deleted_at IS NULL;
CREATE INDEX jobs_owned ON jobs (lease_owner) WHERE state = 1 AND deleted_at IS NULL;
CREATE INDEX jobs_running_by_project ON jobs (project_id) WHERE state = 1 AND deleted_at IS NULL;
CREATE INDEX jobs_slots ON jobs (slot_vendor) WHERE slot_vendor IS NOT NULL;
