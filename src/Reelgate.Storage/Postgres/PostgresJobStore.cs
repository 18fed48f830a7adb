using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Reelgate.Core.Billing;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Webhooks;
using Reelgate.Storage.Relational;

namespace Reelgate.Storage.Postgres;

/// <summary>
/// The scale-out job store. Every transition is one conditional <c>UPDATE … RETURNING</c> that
/// settles credit in the same transaction, as in SQLite; but writers here run concurrently at READ
/// COMMITTED, so the row lock of that update (rechecked against the committed row) decides races,
/// claims skip rows other nodes hold, and credit decisions take the project's lock. Each committed
/// change NOTIFYs the other nodes.
/// </summary>
internal sealed partial class PostgresJobStore(PostgresDatabase database, IOptions<WebhookOptions> webhooks) : IJobStore
{
    public Task<CreateJobResult> CreateJobAsync(Job job, IdempotencyClaim? idempotency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return database.WriteAsync(async (connection, transaction) =>
        {
            // First, so that duplicates of one key and generates competing for one balance queue
            // here, and each sees the committed result of the one before.
            await PostgresDialect.Instance.LockProjectAsync(connection, transaction, job.ProjectId, cancellationToken);
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
                await RelationalLedger.MoveAsync(PostgresDialect.Instance, connection, transaction, job.ProjectId, LedgerKind.Hold, job.HoldMicros, job.Id, null, null, nowMs, cancellationToken);
            }

            if (idempotency is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    JobSql.InsertGenerateKey,
                    new { job.ProjectId, Operation = JobSql.GenerateOperation, idempotency.Key, idempotency.RequestHash, JobId = job.Id, Now = nowMs },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            await PostgresNotifications.JobChangedAsync(connection, transaction, job.Id, cancellationToken);
            await PostgresNotifications.WorkAvailableAsync(connection, transaction, cancellationToken);
            return new CreateJobResult(CreateJobOutcome.Created, job);
        }, cancellationToken);
    }

    public Task<Job?> GetJobAsync(string projectId, string jobId, CancellationToken cancellationToken)
        => database.ReadAsync(
            $"SELECT {JobRow.Columns} FROM jobs WHERE id = $1 AND project_id = $2 AND deleted_at IS NULL",
            parameters =>
            {
                parameters.Add(new NpgsqlParameter<string> { TypedValue = jobId });
                parameters.Add(new NpgsqlParameter<string> { TypedValue = projectId });
            },
            ReadSingleAsync,
            cancellationToken);

    public Task<Job?> FindJobAsync(string jobId, CancellationToken cancellationToken)
        => database.ReadAsync(
            $"SELECT {JobRow.Columns} FROM jobs WHERE id = $1 AND deleted_at IS NULL",
            parameters => parameters.Add(new NpgsqlParameter<string> { TypedValue = jobId }),
            ReadSingleAsync,
            cancellationToken);

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
                await PostgresNotifications.JobChangedAsync(connection, transaction, jobId, cancellationToken);
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

                await PostgresNotifications.JobChangedAsync(connection, transaction, jobId, cancellationToken);
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

            // Rows are locked in id order, so two of these on one project cannot deadlock each other.
            var deleted = await UpdateReturningAsync(
                connection,
                transaction,
                JobSql.DeleteAssignments,
                "id IN (SELECT id FROM jobs WHERE project_id = @projectId AND deleted_at IS NULL ORDER BY id FOR UPDATE)",
                new { projectId, now = nowMs },
                cancellationToken);
            foreach (var job in deleted.Where(DeleteSettlement.ReleasesHold))
            {
                await SettleAsync(connection, transaction, job, 0, nowMs, cancellationToken);
            }

            await PostgresNotifications.JobsChangedAsync(connection, transaction, deleted, cancellationToken);
            return (IReadOnlyList<Job>)[.. deleted.Select(DeleteSettlement.AfterSettlement)];
        }, cancellationToken);

    public Task<Job?> SetRetentionAsync(string projectId, string jobId, int days, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            // The window counts from completion, or from now for a job still running (recounted when
            // it completes); an expired job keeps its past date because its files are gone. The
            // bigint cast keeps 90 days of milliseconds from overflowing an integer parameter.
            var updated = await UpdateReturningAsync(
                connection,
                transaction,
                $"retention_days = @days, updated_at = @now, expires_at = CASE WHEN state = 5 THEN expires_at ELSE COALESCE(completed_at, @now) + @days::bigint * {JobSql.DayMs} END",
                "id = @jobId AND project_id = @projectId AND deleted_at IS NULL",
                new { jobId, projectId, days, now = now.ToUnixTimeMilliseconds() },
                cancellationToken);
            if (updated.Count == 0)
            {
                return null;
            }

            await PostgresNotifications.JobChangedAsync(connection, transaction, jobId, cancellationToken);
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
                "state = 5, updated_at = @now",
                "id IN (SELECT id FROM jobs WHERE state = 2 AND expires_at <= @now AND deleted_at IS NULL ORDER BY expires_at LIMIT @max FOR UPDATE SKIP LOCKED)",
                new { now = nowMs, max },
                cancellationToken);
            foreach (var job in expired)
            {
                await EnqueueAsync(connection, transaction, job, nowMs, cancellationToken);
            }

            await PostgresNotifications.JobsChangedAsync(connection, transaction, expired, cancellationToken);
            return expired;
        }, cancellationToken);

    public async Task<IReadOnlyList<Job>> ListHeldFailedJobsAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await JobRow.QueryAsync(connection, new CommandDefinition(JobSql.ListHeldFailed, new { max }, cancellationToken: cancellationToken));
    }

    public Task<bool> SettleHeldJobAsync(string jobId, long captureMicros, DateTimeOffset now, CancellationToken cancellationToken)
        => database.WriteAsync(async (connection, transaction) =>
        {
            // FOR UPDATE: a concurrent settlement of the same job waits here and then finds no hold.
            var job = await QueryJobAsync(connection, transaction, "id = @jobId AND state = 3 AND hold_micros > 0 FOR UPDATE", new { jobId }, cancellationToken);
            if (job is null)
            {
                return false;
            }

            var nowMs = now.ToUnixTimeMilliseconds();
            var capture = Math.Clamp(captureMicros, 0, job.HoldMicros);
            await SettleAsync(connection, transaction, job, capture, nowMs, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(JobSql.SetCost, new { jobId, capture, nowMs }, transaction, cancellationToken: cancellationToken));
            await PostgresNotifications.JobChangedAsync(connection, transaction, jobId, cancellationToken);
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
            // A concurrent insert of the same key makes this one wait for it and then do nothing;
            // the next statement's snapshot sees the winner's row.
            await connection.ExecuteAsync(new CommandDefinition(
                JobSql.SaveIdempotent,
                new { projectId, operation, key, response.RequestHash, response.StatusCode, response.Body, now = now.ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken));
            return (await QueryIdempotentAsync(connection, transaction, projectId, operation, key, cancellationToken))!;
        }, cancellationToken);
    }

    /// <summary>Queues the webhook deliveries of the job's new state (if it has an event) in this transaction.</summary>
    private Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Job job, long nowMs, CancellationToken cancellationToken)
        => RelationalOutbox.EnqueueAsync(connection, transaction, job, nowMs, (long)webhooks.Value.MaxAge.TotalMilliseconds, cancellationToken);

    private static Task SettleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Job job, long captureMicros, long nowMs, CancellationToken cancellationToken)
        => RelationalLedger.SettleAsync(PostgresDialect.Instance, connection, transaction, job.ProjectId, job.Id, job.HoldMicros, captureMicros, nowMs, cancellationToken);

    private static async Task<IdempotentResponse?> QueryIdempotentAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string projectId, string operation, string key, CancellationToken cancellationToken)
        => JobRow.ToResponse(await connection.QuerySingleOrDefaultAsync<JobRow.IdempotentRow>(new CommandDefinition(
            JobSql.SelectIdempotent, new { projectId, operation, key }, transaction, cancellationToken: cancellationToken)));

    private static async Task<Job?> QueryJobAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, object parameters, CancellationToken cancellationToken)
    {
        var jobs = await JobRow.QueryAsync(connection, new CommandDefinition(
            $"SELECT {JobRow.Columns} FROM jobs WHERE {where}", parameters, transaction, cancellationToken: cancellationToken));
        return jobs.Count == 0 ? null : jobs[0];
    }

    private static Task<IReadOnlyList<Job>> UpdateReturningAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string assignments, string where, object parameters, CancellationToken cancellationToken)
        => JobRow.QueryAsync(connection, new CommandDefinition(
            $"UPDATE jobs SET {assignments} WHERE {where} RETURNING {JobRow.Columns}", parameters, transaction, cancellationToken: cancellationToken));

    private static async Task<Job?> ReadSingleAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
        => await reader.ReadAsync(cancellationToken) ? JobRow.Read(reader) : null;
}
