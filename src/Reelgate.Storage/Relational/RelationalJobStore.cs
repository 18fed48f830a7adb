using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Webhooks;

namespace Reelgate.Storage.Relational;

/// <summary>
/// The job store of SQLite and PostgreSQL. Every transition is one conditional
/// <c>UPDATE … RETURNING</c> inside a write transaction that also settles credit, so the row's
/// current state decides who wins a race (a cancel against a completion, two claims) and money moves
/// exactly once with it. SQLite gets there by having one writer; on PostgreSQL writers run
/// concurrently at READ COMMITTED, so the row lock of that update (rechecked against the committed
/// row) decides races, claims skip rows other nodes hold, credit decisions take the project's lock,
/// and each committed change is announced to the other nodes (the dialect's part).
/// </summary>
internal sealed partial class RelationalJobStore(IRelationalDatabase database, IRelationalDialect dialect, IOptions<WebhookOptions> webhooks)
    : IJobStore, IDispatchStore, ISettlementStore, IRetentionStore
{
    public Task<CreateJobResult> CreateJobAsync(Job job, IdempotencyClaim? idempotency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return database.WriteAsync(async (connection, transaction) =>
        {
            // First, so that duplicates of one key and generates competing for one balance queue
            // here (on SQLite, on the write lock), and each sees the committed result of the one before.
            await dialect.LockProjectAsync(connection, transaction, job.ProjectId, cancellationToken);
            if (idempotency is not null)
            {
                var existing = await connection.QuerySingleOrDefaultAsync<JobRow.KeyedJob>(new CommandDefinition(
                    JobSql.SelectKeyedJob,
                    new { job.ProjectId, Operation = JobSql.GenerateOperation, idempotency.Key },
                    transaction,
                    cancellationToken: cancellationToken));
                if (existing is not null)
                {
                    if (!string.Equals(existing.RequestHash, idempotency.RequestHash, StringComparison.Ordinal))
                    {
                        return new CreateJobResult(CreateJobOutcome.KeyReused, null);
                    }

                    var original = await QueryJobAsync(connection, transaction, "id = @Id", new { Id = existing.JobId }, cancellationToken);
                    return new CreateJobResult(CreateJobOutcome.Replayed, original);
                }
            }

            if (job.HoldMicros > 0)
            {
                var balance = await RelationalLedger.ReadBalanceAsync(connection, transaction, job.ProjectId, cancellationToken);
                if (balance.AvailableMicros < job.HoldMicros)
                {
                    return new CreateJobResult(CreateJobOutcome.InsufficientCredit, null, balance);
                }
            }

            await connection.ExecuteAsync(new CommandDefinition(JobSql.InsertJob, JobRow.ToParameters(job), transaction, cancellationToken: cancellationToken));
            var nowMs = job.CreatedAt.ToUnixTimeMilliseconds();
            if (job.HoldMicros > 0)
            {
                await RelationalLedger.MoveAsync(dialect, connection, transaction, job.ProjectId, LedgerKind.Hold, job.HoldMicros, job.Id, null, null, nowMs, cancellationToken);
            }

            if (idempotency is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    JobSql.InsertGenerateKey,
                    new { job.ProjectId, Operation = JobSql.GenerateOperation, idempotency.Key, idempotency.RequestHash, JobId = job.Id, Now = nowMs },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            await dialect.JobChangedAsync(connection, transaction, job.Id, cancellationToken);
            await dialect.WorkAvailableAsync(connection, transaction, cancellationToken);
            return new CreateJobResult(CreateJobOutcome.Created, job);
        }, cancellationToken);
    }

    public Task<Job?> GetJobAsync(string projectId, string jobId, CancellationToken cancellationToken)
        => database.ReadRowAsync<Job?>(
            $"SELECT {JobRow.ColumnsWithQueuePlace} FROM jobs WHERE id = $1 AND project_id = $2 AND deleted_at IS NULL",
            [jobId, projectId],
            JobRow.Read,
            null,
            cancellationToken);

    public Task<Job?> FindJobAsync(string jobId, CancellationToken cancellationToken)
        => database.ReadRowAsync<Job?>(
            $"SELECT {JobRow.Columns} FROM jobs WHERE id = $1 AND deleted_at IS NULL",
            [jobId],
            JobRow.Read,
            null,
            cancellationToken);

    // jobs_queued and jobs_slots cover the filters; the queue is short next to the table.
    public async Task<JobQueue> ReadQueueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var projects = await connection.QueryAsync<JobRow.ProjectQueueRow>(new CommandDefinition(DispatchSql.QueuedPerProject, cancellationToken: cancellationToken));
        var slots = await connection.QueryAsync<JobRow.SlotsRow>(new CommandDefinition(DispatchSql.SlotsInUse, cancellationToken: cancellationToken));
        return new JobQueue(
            [.. projects.Select(p => new ProjectQueue(p.ProjectId, p.Queued, DateTimeOffset.FromUnixTimeMilliseconds(p.OldestQueuedAt)))],
            [.. slots.Select(s => new VendorSlots(s.Vendor, s.InUse))]);
    }

    public async Task<IReadOnlyList<Job>> ListJobsAsync(string projectId, string? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await JobRow.QueryAsync(connection, new CommandDefinition(JobSql.ListPage, new { projectId, beforeId, limit }, cancellationToken: cancellationToken));
    }

    public Task<CancelJobResult> CancelJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var canceled = await UpdateReturningAsync(
                connection,
                transaction,
                JobSql.CancelAssignments,
                $"id = @jobId AND project_id = @projectId AND deleted_at IS NULL AND {JobSql.Active}",
                new { jobId, projectId, now = nowMs },
                cancellationToken);
            if (canceled.Count == 1)
            {
                // Cancelled before the vendor delivered: nothing was charged.
                await SettleAsync(connection, transaction, canceled[0], 0, nowMs, cancellationToken);
                await EnqueueAsync(connection, transaction, canceled[0], nowMs, cancellationToken);
                await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);

                // The row was read back before the settlement zeroed its hold.
                return new CancelJobResult(CancelJobOutcome.Canceled, canceled[0] with { HoldMicros = 0 });
            }

            var job = await QueryJobAsync(connection, transaction, "id = @jobId AND project_id = @projectId AND deleted_at IS NULL", new { jobId, projectId }, cancellationToken);
            return new CancelJobResult(job is null ? CancelJobOutcome.NotFound : CancelJobOutcome.AlreadyTerminal, job);
        }, cancellationToken);

    public Task<DeleteJobResult> DeleteJobAsync(string projectId, string jobId, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var deleted = await UpdateReturningAsync(
                connection,
                transaction,
                JobSql.DeleteAssignments,
                "id = @jobId AND project_id = @projectId AND deleted_at IS NULL",
                new { jobId, projectId, now = nowMs },
                cancellationToken);
            if (deleted.Count == 1)
            {
                if (DeleteSettlement.ReleasesHold(deleted[0]))
                {
                    await SettleAsync(connection, transaction, deleted[0], 0, nowMs, cancellationToken);
                }

                await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
                return new DeleteJobResult(DeleteJobOutcome.Deleted, DeleteSettlement.AfterSettlement(deleted[0]));
            }

            var known = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                JobSql.CountJob, new { jobId, projectId }, transaction, cancellationToken: cancellationToken));
            return new DeleteJobResult(known == 0 ? DeleteJobOutcome.NotFound : DeleteJobOutcome.AlreadyDeleted, null);
        }, cancellationToken);

    public Task<IReadOnlyList<Job>> DeleteAllJobsAsync(string projectId, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var deleted = await UpdateReturningAsync(
                connection, transaction, JobSql.DeleteAssignments, dialect.ProjectJobsWhere, new { projectId, now = nowMs }, cancellationToken);
            foreach (var job in deleted.Where(DeleteSettlement.ReleasesHold))
            {
                await SettleAsync(connection, transaction, job, 0, nowMs, cancellationToken);
            }

            await dialect.JobsChangedAsync(connection, transaction, deleted, cancellationToken);
            return (IReadOnlyList<Job>)[.. deleted.Select(DeleteSettlement.AfterSettlement)];
        }, cancellationToken);

    public Task<Job?> SetRetentionAsync(string projectId, string jobId, int days, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            // The window counts from completion, or from now for a job still running (recounted when
            // it completes); an expired job keeps its past date because its files are gone. The
            // bigint cast keeps 90 days of milliseconds from overflowing PostgreSQL's integer parameter.
            var updated = await UpdateReturningAsync(
                connection,
                transaction,
                $"retention_days = @days, updated_at = @now, expires_at = CASE WHEN state = {JobStates.Expired} THEN expires_at ELSE COALESCE(completed_at, @now) + CAST(@days AS bigint) * {JobSql.DayMs} END",
                "id = @jobId AND project_id = @projectId AND deleted_at IS NULL",
                new { jobId, projectId, days, now = now.ToUnixTimeMilliseconds() },
                cancellationToken);
            if (updated.Count == 0)
            {
                return null;
            }

            await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
            return updated[0];
        }, cancellationToken);

    public Task<IReadOnlyList<Job>> ExpireDueJobsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();

            // Sweepers on several nodes take disjoint batches instead of queueing on each other's rows.
            var expired = await UpdateReturningAsync(
                connection,
                transaction,
                $"state = {JobStates.Expired}, updated_at = @now",
                $"id IN (SELECT id FROM jobs WHERE state = {JobStates.Succeeded} AND expires_at <= @now AND deleted_at IS NULL ORDER BY expires_at LIMIT @max {dialect.SkipLocked})",
                new { now = nowMs, max },
                cancellationToken);
            foreach (var job in expired)
            {
                await EnqueueAsync(connection, transaction, job, nowMs, cancellationToken);
            }

            await dialect.JobsChangedAsync(connection, transaction, expired, cancellationToken);
            return expired;
        }, cancellationToken);

    public async Task<IReadOnlyList<Job>> ListHeldFailedJobsAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await JobRow.QueryAsync(connection, new CommandDefinition(JobSql.ListHeldFailed, new { max }, cancellationToken: cancellationToken));
    }

    public async Task<Job?> FindHeldFailedJobAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var jobs = await JobRow.QueryAsync(connection, new CommandDefinition(JobSql.FindHeldFailed, new { jobId }, cancellationToken: cancellationToken));
        return jobs.Count == 0 ? null : jobs[0];
    }

    public Task<bool> SettleHeldJobAsync(string jobId, long captureMicros, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            // FOR UPDATE (where writers are concurrent): a concurrent settlement of the same job
            // waits here and then finds no hold.
            var job = await QueryJobAsync(connection, transaction, $"id = @jobId AND state = {JobStates.Failed} AND hold_micros > 0 {dialect.ForUpdate}", new { jobId }, cancellationToken);
            if (job is null)
            {
                return false;
            }

            var nowMs = now.ToUnixTimeMilliseconds();
            var capture = Math.Clamp(captureMicros, 0, job.HoldMicros);
            await SettleAsync(connection, transaction, job, capture, nowMs, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(JobSql.SetCost, new { jobId, capture, nowMs }, transaction, cancellationToken: cancellationToken));
            await dialect.JobChangedAsync(connection, transaction, jobId, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<IdempotentResponse?> GetIdempotentResponseAsync(string projectId, string operation, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryIdempotentAsync(connection, null, projectId, operation, key, cancellationToken);
    }

    public Task<IdempotentResponse> SaveIdempotentResponseAsync(string projectId, string operation, string key, IdempotentResponse response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return database.WriteAsync(async (connection, transaction) =>
        {
            // A concurrent insert of the same key (on PostgreSQL) makes this one wait for it and then
            // do nothing; the next statement's snapshot sees the winner's row.
            await connection.ExecuteAsync(new CommandDefinition(
                JobSql.SaveIdempotent,
                new { projectId, operation, key, response.RequestHash, response.StatusCode, response.Body, now = now.ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken));
            return (await QueryIdempotentAsync(connection, transaction, projectId, operation, key, cancellationToken))!;
        }, cancellationToken);
    }

    /// <summary>Queues the webhook deliveries of the job's new state (if it has an event) in this transaction.</summary>
    private Task EnqueueAsync(DbConnection connection, DbTransaction transaction, Job job, long nowMs, CancellationToken cancellationToken)
        => RelationalOutbox.EnqueueAsync(connection, transaction, job, nowMs, (long)webhooks.Value.MaxAge.TotalMilliseconds, cancellationToken);

    private Task SettleAsync(DbConnection connection, DbTransaction transaction, Job job, long captureMicros, long nowMs, CancellationToken cancellationToken)
        => RelationalLedger.SettleAsync(dialect, connection, transaction, job.ProjectId, job.Id, job.HoldMicros, captureMicros, nowMs, cancellationToken);

    private static async Task<IdempotentResponse?> QueryIdempotentAsync(DbConnection connection, DbTransaction? transaction, string projectId, string operation, string key, CancellationToken cancellationToken)
        => JobRow.ToResponse(await connection.QuerySingleOrDefaultAsync<JobRow.IdempotentRow>(new CommandDefinition(
            JobSql.SelectIdempotent, new { projectId, operation, key }, transaction, cancellationToken: cancellationToken)));

    private static async Task<Job?> QueryJobAsync(DbConnection connection, DbTransaction? transaction, string where, object parameters, CancellationToken cancellationToken)
    {
        var jobs = await JobRow.QueryAsync(connection, new CommandDefinition(
            $"SELECT {JobRow.Columns} FROM jobs WHERE {where}", parameters, transaction, cancellationToken: cancellationToken));
        return jobs.Count == 0 ? null : jobs[0];
    }

    private static Task<IReadOnlyList<Job>> UpdateReturningAsync(DbConnection connection, DbTransaction transaction, string assignments, string where, object parameters, CancellationToken cancellationToken)
        => JobRow.QueryAsync(connection, new CommandDefinition(
            $"UPDATE jobs SET {assignments} WHERE {where} RETURNING {JobRow.Columns}", parameters, transaction, cancellationToken: cancellationToken));
}
