using System.Data.Common;
using Dapper;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Storage.Relational;

/// <summary>The dispatcher's side of the store: node leases, claims, hand-backs and completions.</summary>
internal sealed partial class RelationalJobStore
{
    // The dialect's forms of the claim's list tests, built once.
    private string? _claim;
    private string? _waitingExceptFull;

    public Task<int> RegisterDispatcherAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, bool takeOverOthers, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var parameters = new { owner, now = now.ToUnixTimeMilliseconds(), leaseUntil = leaseUntil.ToUnixTimeMilliseconds() };
            await dialect.LockDispatchAsync(connection, transaction, cancellationToken);
            await ExecuteAsync(connection, transaction, DispatchSql.Register, parameters, cancellationToken);
            if (!takeOverOthers)
            {
                return 0;
            }

            var taken = await ExecuteAsync(connection, transaction, DispatchSql.HandBackOthers(dialect), parameters, cancellationToken);
            await ExecuteAsync(connection, transaction, DispatchSql.DropOthers, parameters, cancellationToken);
            return taken;
        }, cancellationToken);

    public Task<DispatcherHeartbeat> HeartbeatAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var parameters = new { owner, now = now.ToUnixTimeMilliseconds(), leaseUntil = leaseUntil.ToUnixTimeMilliseconds() };
            var lost = await ExecuteAsync(connection, transaction, DispatchSql.Renew, parameters, cancellationToken) == 0;
            var reaped = 0;
            if (lost || await ScalarAsync(connection, transaction, DispatchSql.AnyExpired, parameters, cancellationToken) > 0)
            {
                // Under the claims' lock: a node claiming now cannot interleave with its jobs being handed back.
                await dialect.LockDispatchAsync(connection, transaction, cancellationToken);
                if (lost)
                {
                    // Stalled past its lease: the other nodes may be taking its jobs, so it gives them all
                    // back itself and starts afresh rather than guess which are still its own.
                    reaped += await ExecuteAsync(connection, transaction, DispatchSql.HandBackOwned(dialect), parameters, cancellationToken);
                    await ExecuteAsync(connection, transaction, DispatchSql.Register, parameters, cancellationToken);
                }

                reaped += await ExecuteAsync(connection, transaction, DispatchSql.HandBackExpired(dialect), parameters, cancellationToken);
                await ExecuteAsync(connection, transaction, DispatchSql.DropExpired, parameters, cancellationToken);
                if (reaped > 0)
                {
                    await dialect.WorkAvailableAsync(connection, transaction, cancellationToken);
                }
            }

            var owned = await connection.QueryAsync<string>(new CommandDefinition(DispatchSql.Owned, parameters, transaction, cancellationToken: cancellationToken));
            var pauses = await connection.QueryAsync<JobRow.PauseRow>(new CommandDefinition(DispatchSql.Pauses, parameters, transaction, cancellationToken: cancellationToken));
            return new DispatcherHeartbeat(
                lost,
                owned.ToHashSet(StringComparer.Ordinal),
                reaped,
                pauses.ToDictionary(p => p.Vendor, p => DateTimeOffset.FromUnixTimeMilliseconds(p.UntilAt), StringComparer.OrdinalIgnoreCase));
        }, cancellationToken);

    public Task<int> RetireDispatcherAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var handedBack = await ExecuteAsync(connection, transaction, DispatchSql.HandBackOwned(dialect), new { owner }, cancellationToken);
            await ExecuteAsync(connection, transaction, DispatchSql.Drop, new { owner }, cancellationToken);
            if (handedBack > 0)
            {
                // A node shutting down hands its jobs over: the others need not wait for their idle check.
                await dialect.WorkAvailableAsync(connection, transaction, cancellationToken);
            }

            return handedBack;
        }, cancellationToken);

    public async Task<IReadOnlyList<Job>> ClaimJobsAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Most claims of a busy node find nothing (every job already runs somewhere): one indexed read answers
        // that without a write transaction, so 10 000 jobs in flight cost no writes between heartbeats. A job
        // that arrives just after this read wakes the claim again (or the next idle check finds it).
        if (!await database.ReadRowAsync(DispatchSql.AnyClaimable, [], _ => true, false, cancellationToken))
        {
            return [];
        }

        return await database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = request.Now.ToUnixTimeMilliseconds();
            var parameters = new { owner = request.Owner, now = nowMs };

            // Claims run one at a time across the deployment (PostgreSQL: a transaction lock; SQLite:
            // its one writer), so the slots counted here are the slots in use when the claim commits.
            await dialect.LockDispatchAsync(connection, transaction, cancellationToken);
            if (await ScalarAsync(connection, transaction, DispatchSql.IsLive, parameters, cancellationToken) == 0)
            {
                // Unregistered, or stalled past its lease: its next heartbeat registers it again.
                return (IReadOnlyList<Job>)[];
            }

            var room = await ReadRoomAsync(connection, transaction, request, nowMs, cancellationToken);
            var picked = new List<string>(request.Max);
            var unowned = await connection.QueryAsync<JobRow.UnownedRow>(new CommandDefinition(
                DispatchSql.Unowned, new { max = request.Max }, transaction, cancellationToken: cancellationToken));
            foreach (var job in unowned)
            {
                // A job that holds a slot is at its vendor already; only one without needs room.
                if (job.SlotVendor is not null || room.TryTake(job.Vendor))
                {
                    picked.Add(job.Id);
                }
            }

            var starting = new HashSet<string>(StringComparer.Ordinal);
            var remaining = request.Max - picked.Count;
            if (remaining > 0)
            {
                var full = room.Full();
                var waiting = await connection.QueryAsync<JobRow.WaitingRow>(new CommandDefinition(
                    full.Length == 0 ? DispatchSql.Waiting : _waitingExceptFull ??= DispatchSql.WaitingExceptFull(dialect),
                    new { perVendor = remaining, full },
                    transaction,
                    cancellationToken: cancellationToken));
                foreach (var job in waiting)
                {
                    if (starting.Count == remaining)
                    {
                        break;
                    }

                    if (room.TryTake(job.Vendor))
                    {
                        starting.Add(job.Id);
                    }
                }

                picked.AddRange(starting);
            }

            var locked = picked.Count == 0 ? [] : await dialect.LockForClaimAsync(connection, transaction, picked, cancellationToken);
            if (locked.Count == 0)
            {
                return (IReadOnlyList<Job>)[];
            }

            var claimed = await JobRow.QueryAsync(connection, new CommandDefinition(
                _claim ??= DispatchSql.Claim(dialect),
                new { owner = request.Owner, now = nowMs, ids = locked.ToArray(), counted = room.CountedVendors },
                transaction,
                cancellationToken: cancellationToken));
            if (webhooks.Value.IncludeRunning)
            {
                foreach (var job in claimed.Where(j => starting.Contains(j.Id)))
                {
                    await EnqueueAsync(connection, transaction, job, nowMs, cancellationToken);
                }
            }

            await dialect.JobsChangedAsync(connection, transaction, claimed, cancellationToken);
            return (IReadOnlyList<Job>)[.. claimed.OrderBy(j => j.Id, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    public Task<bool> MoveToModelAsync(string jobId, string owner, int planIndex, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var job = await QueryJobAsync(connection, transaction, $"{JobSql.Owned} {dialect.ForUpdate}", new { jobId, owner }, cancellationToken);
            if (job is null || planIndex < 0 || planIndex >= job.Plan.Count)
            {
                return false;
            }

            var moved = await ExecuteAsync(
                connection,
                transaction,
                DispatchSql.MoveToModel,
                new { jobId, owner, planIndex, vendor = job.Plan[planIndex].Vendor, now = now.ToUnixTimeMilliseconds() },
                cancellationToken) == 1;
            if (moved)
            {
                await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
                await dialect.WorkAvailableAsync(connection, transaction, cancellationToken);
            }

            return moved;
        }, cancellationToken);

    public Task PauseVendorAsync(string vendor, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendor);
        return database.WriteStatementAsync(
            (connection, transaction) => ExecuteAsync(connection, transaction, DispatchSql.Pause, new { vendor, until = until.ToUnixTimeMilliseconds() }, cancellationToken),
            cancellationToken);
    }

    /// <summary>What each vendor may still start in this claim: its limit less the slots in use, nothing while paused.</summary>
    private static async Task<VendorRoom> ReadRoomAsync(DbConnection connection, DbTransaction transaction, ClaimRequest request, long nowMs, CancellationToken cancellationToken)
    {
        var paused = (await connection.QueryAsync<JobRow.PauseRow>(new CommandDefinition(
            DispatchSql.Pauses, new { now = nowMs }, transaction, cancellationToken: cancellationToken))).Select(p => p.Vendor);
        var inUse = request.Vendors.Any(v => v.Scope == ConcurrencyScope.Deployment)
            ? (await connection.QueryAsync<JobRow.SlotsRow>(new CommandDefinition(DispatchSql.SlotsInUse, transaction: transaction, cancellationToken: cancellationToken)))
                .ToDictionary(r => r.Vendor, r => r.InUse, StringComparer.OrdinalIgnoreCase)
            : [];
        return new VendorRoom(request.Vendors, inUse, paused);
    }

    private static Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, object parameters, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

    private static Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, object parameters, CancellationToken cancellationToken)
        => connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

    public Task<bool> RecordAttemptAsync(string jobId, string owner, int planIndex, string? vendorJobId, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();

            // FOR UPDATE (where writers are concurrent): the attempt number read here is the one this
            // transaction writes.
            var job = await QueryJobAsync(connection, transaction, $"{JobSql.Owned} {dialect.ForUpdate}", new { jobId, owner }, cancellationToken);
            if (job is null)
            {
                return false;
            }

            var model = planIndex < job.Plan.Count ? job.Plan[planIndex] : job.CurrentModel;
            await connection.ExecuteAsync(new CommandDefinition(
                JobSql.RecordAttempt, new { jobId, owner, planIndex, model.Vendor, vendorJobId, now = nowMs }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                vendorJobId is null ? JobSql.OpenAttempt : JobSql.SetAttemptVendorJob,
                new { jobId, attempt = job.Attempts + 1, current = job.Attempts, model.Vendor, model.Model, vendorJobId, now = nowMs },
                transaction,
                cancellationToken: cancellationToken));
            await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<bool> RecordProgressAsync(string jobId, string owner, double progress, int? queuePosition, DateTimeOffset now, CancellationToken cancellationToken)
        => ExecuteOwnedAsync(
            jobId,
            "progress = @progress, queue_position = @queuePosition, updated_at = @now",
            new { jobId, owner, progress, queuePosition, now = now.ToUnixTimeMilliseconds() },
            cancellationToken);

    public Task<bool> ReleaseVendorSlotAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => ExecuteOwnedAsync(
            jobId,
            "slot_vendor = NULL, queue_position = NULL, updated_at = @now",
            new { jobId, owner, now = now.ToUnixTimeMilliseconds() },
            cancellationToken,
            andWhere: "slot_vendor IS NOT NULL");

    public Task RecordAttemptEndAsync(string jobId, string? outcomeCode, string? message, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(
            async (connection, transaction) =>
            {
                var closed = await CloseLatestAttemptAsync(connection, transaction, jobId, outcomeCode, message, now.ToUnixTimeMilliseconds(), cancellationToken);
                if (closed > 0)
                {
                    await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
                }

                return closed;
            },
            cancellationToken);

    public async Task<IReadOnlyList<JobAttempt>> ListAttemptsAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRow.AttemptRow>(new CommandDefinition(JobSql.ListAttempts, new { jobId }, cancellationToken: cancellationToken));
        return [.. rows.Select(JobRow.ToAttempt)];
    }

    public Task<bool> CompleteSucceededAsync(string jobId, string owner, JobArtifacts artifacts, long costMicros, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var nowMs = now.ToUnixTimeMilliseconds();
        return CompleteAsync(
            JobSql.SucceededAssignments,
            JobRow.SucceededParameters(jobId, owner, artifacts, costMicros, nowMs),
            settle: true,
            captureMicros: costMicros,
            nowMs,
            closeAttemptAs: "succeeded",
            cancellationToken);
    }

    public Task<bool> CompleteFailedAsync(string jobId, string owner, string errorCode, string errorMessage, bool keepHold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        return CompleteAsync(
            JobSql.FailedAssignments,
            new { jobId, owner, errorCode, errorMessage, now = nowMs },
            settle: !keepHold,
            captureMicros: 0,
            nowMs,
            closeAttemptAs: null,
            cancellationToken);
    }

    private static Task<int> CloseLatestAttemptAsync(DbConnection connection, DbTransaction transaction, string jobId, string? outcomeCode, string? message, long nowMs, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            JobSql.CloseLatestAttempt, new { jobId, outcomeCode, message, now = nowMs }, transaction, cancellationToken: cancellationToken));

    /// <summary>The terminal transition and its settlement commit together or not at all.</summary>
    private Task<bool> CompleteAsync(string assignments, object parameters, bool settle, long captureMicros, long nowMs, string? closeAttemptAs, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var updated = await UpdateReturningAsync(connection, transaction, assignments, JobSql.Owned, parameters, cancellationToken);
            if (updated.Count == 0)
            {
                return false;
            }

            if (settle)
            {
                await SettleAsync(connection, transaction, updated[0], captureMicros, nowMs, cancellationToken);
            }

            if (closeAttemptAs is not null)
            {
                await CloseLatestAttemptAsync(connection, transaction, updated[0].Id, closeAttemptAs, null, nowMs, cancellationToken);
            }

            await EnqueueAsync(connection, transaction, updated[0], nowMs, cancellationToken);
            await dialect.JobChangedAsync(connection, transaction, updated[0].Id, cancellationToken);
            return true;
        }, cancellationToken);

    private Task<bool> ExecuteOwnedAsync(string jobId, string assignments, object parameters, CancellationToken cancellationToken, string? andWhere = null)
        => database.WriteAsync(
            async (connection, transaction) =>
            {
                var where = andWhere is null ? JobSql.Owned : $"{JobSql.Owned} AND {andWhere}";
                var changed = await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE jobs SET {assignments} WHERE {where}", parameters, transaction, cancellationToken: cancellationToken)) == 1;
                if (changed)
                {
                    await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
                }

                return changed;
            },
            cancellationToken);
}
