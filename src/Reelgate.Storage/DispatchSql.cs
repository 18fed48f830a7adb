using Reelgate.Storage.Relational;

namespace Reelgate.Storage;

/// <summary>
/// The dispatcher's SQL, the same for SQLite and PostgreSQL: node leases, claims with vendor room and
/// fair order, hand-backs and vendor pauses.
/// </summary>
internal static class DispatchSql
{
    public const string Register = """
        INSERT INTO dispatchers (owner, lease_expires_at, started_at) VALUES (@owner, @leaseUntil, @now)
        ON CONFLICT (owner) DO UPDATE SET lease_expires_at = excluded.lease_expires_at
        """;

    /// <summary>Only a live lease is renewed: a node that stalled past it must not resurrect jobs already handed to others.</summary>
    public const string Renew = "UPDATE dispatchers SET lease_expires_at = @leaseUntil WHERE owner = @owner AND lease_expires_at >= @now";

    public const string IsLive = "SELECT COUNT(*) FROM dispatchers WHERE owner = @owner AND lease_expires_at >= @now";

    public const string Drop = "DELETE FROM dispatchers WHERE owner = @owner";

    public const string DropOthers = "DELETE FROM dispatchers WHERE owner <> @owner";

    public const string AnyExpired = "SELECT COUNT(*) FROM dispatchers WHERE lease_expires_at < @now";

    public const string DropExpired = "DELETE FROM dispatchers WHERE lease_expires_at < @now";

    /// <summary>
    /// A running job without an owner waits for the next claim; its vendor job and slot are kept.
    /// Rows are locked in id order, as every multi-row change of jobs locks them, so a hand-back and a
    /// project-wide delete cannot deadlock.
    /// </summary>
    public static string HandBackOwned(IRelationalDialect dialect) => HandBack("lease_owner = @owner", dialect);

    public static string HandBackOthers(IRelationalDialect dialect) => HandBack("lease_owner IS NOT NULL AND lease_owner <> @owner", dialect);

    public static string HandBackExpired(IRelationalDialect dialect)
        => HandBack("lease_owner IN (SELECT owner FROM dispatchers WHERE lease_expires_at < @now)", dialect);

    public const string Owned = $"SELECT id FROM jobs WHERE lease_owner = @owner AND state = {JobStates.Running} AND deleted_at IS NULL";

    public const string Pauses = "SELECT vendor AS Vendor, until_at AS UntilAt FROM vendor_pauses WHERE until_at > @now";

    public const string Pause = """
        INSERT INTO vendor_pauses (vendor, until_at) VALUES (@vendor, @until)
        ON CONFLICT (vendor) DO UPDATE SET until_at = excluded.until_at WHERE vendor_pauses.until_at < excluded.until_at
        """;

    /// <summary>One row when some job waits for a dispatcher (queued, or running without an owner); each half reads a partial index.</summary>
    public const string AnyClaimable = $"""
        SELECT 1 WHERE EXISTS (SELECT 1 FROM jobs WHERE state = {JobStates.Queued} AND deleted_at IS NULL)
            OR EXISTS (SELECT 1 FROM jobs WHERE state = {JobStates.Running} AND lease_owner IS NULL AND deleted_at IS NULL)
        """;

    public const string SlotsInUse = "SELECT slot_vendor AS Vendor, COUNT(*) AS InUse FROM jobs WHERE slot_vendor IS NOT NULL GROUP BY slot_vendor";

    public const string QueuedPerProject = $"""
        SELECT project_id AS ProjectId, COUNT(*) AS Queued, MIN(created_at) AS OldestQueuedAt
        FROM jobs WHERE state = {JobStates.Queued} AND deleted_at IS NULL GROUP BY project_id
        """;

    /// <summary>Running jobs that no node runs: handed back for another vendor, or left by a node that stopped.</summary>
    public const string Unowned = $"""
        SELECT id AS Id, vendor AS Vendor, slot_vendor AS SlotVendor FROM jobs
        WHERE state = {JobStates.Running} AND lease_owner IS NULL AND deleted_at IS NULL ORDER BY id LIMIT @max
        """;

    /// <summary>
    /// Queued jobs in fair order: by turn (a project's oldest waiting job is its turn 1, the next turn
    /// 2, …), then by how many jobs the project runs already (fewest first), then by age. So every
    /// waiting project gets its next job before any project gets a second one, and a project with
    /// nothing running goes ahead of a busy one within a turn. Each vendor contributes at most
    /// <c>@perVendor</c> candidates, so one vendor's backlog cannot crowd out the others'.
    /// </summary>
    public const string Waiting = $"""
        WITH waiting AS (
            SELECT id, project_id, vendor, ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY id) AS turn
            FROM jobs WHERE state = {JobStates.Queued} AND deleted_at IS NULL /*full*/),
        busy AS (
            SELECT project_id, COUNT(*) AS running FROM jobs WHERE state = {JobStates.Running} AND deleted_at IS NULL GROUP BY project_id),
        ranked AS (
            SELECT w.id, w.vendor, w.turn, COALESCE(b.running, 0) AS running,
                   ROW_NUMBER() OVER (PARTITION BY w.vendor ORDER BY w.turn, COALESCE(b.running, 0), w.id) AS place
            FROM waiting AS w LEFT JOIN busy AS b ON b.project_id = w.project_id)
        SELECT id AS Id, vendor AS Vendor FROM ranked WHERE place <= @perVendor ORDER BY turn, running, id
        """;

    /// <summary><see cref="Waiting"/> without the vendors that have no room.</summary>
    public static string WaitingExceptFull(IRelationalDialect dialect)
        => Waiting.Replace("/*full*/", $"AND (vendor IS NULL OR NOT ({dialect.IsAnyOf("vendor", "full")}))", StringComparison.Ordinal);

    /// <summary>
    /// Rechecks each row: a job cancelled or deleted since it was picked is not claimed. A job takes a
    /// slot of its vendor when the vendor's limit is counted deployment-wide and it holds none yet.
    /// </summary>
    public static string Claim(IRelationalDialect dialect) => $"""
        UPDATE jobs SET state = {JobStates.Running}, lease_owner = @owner, updated_at = @now,
            slot_vendor = CASE WHEN slot_vendor IS NOT NULL THEN slot_vendor WHEN {dialect.IsAnyOf("vendor", "counted")} THEN vendor ELSE NULL END
        WHERE {dialect.IsAnyOf("id", "ids")} AND deleted_at IS NULL AND (state = {JobStates.Queued} OR (state = {JobStates.Running} AND lease_owner IS NULL))
        RETURNING {JobRow.Columns}
        """;

    private static string HandBack(string owners, IRelationalDialect dialect) => $"""
        UPDATE jobs SET lease_owner = NULL
        WHERE id IN (SELECT id FROM jobs WHERE state = {JobStates.Running} AND deleted_at IS NULL AND {owners} ORDER BY id {dialect.ForUpdate})
        """;

    public const string MoveToModel = $"""
        UPDATE jobs SET plan_index = @planIndex, vendor = @vendor, slot_vendor = NULL, lease_owner = NULL, vendor_job_id = NULL,
            progress = 0, queue_position = NULL, updated_at = @now
        WHERE {JobSql.Owned}
        """;
}
