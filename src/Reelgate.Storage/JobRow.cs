using System.Data.Common;
using System.Text.Json;
using Dapper;
using Reelgate.Contracts.Serialization;
using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;

namespace Reelgate.Storage;

/// <summary>Maps <c>jobs</c> rows to and from <see cref="Job"/>.</summary>
internal static class JobRow
{
    /// <summary>Every column, in the order <see cref="Read"/> expects them.</summary>
    public const string Columns = LeadingColumns + ", queue_position";

    /// <summary>
    /// <see cref="Columns"/>, with a queued job's place in its project's queue (1 = next) read in
    /// place of the vendor's queue position: the count of the project's queued jobs up to it, an
    /// index range of <c>jobs_queued</c>.
    /// </summary>
    public const string ColumnsWithQueuePlace = LeadingColumns + $"""
        , CASE WHEN state = {JobStates.Queued} THEN (SELECT COUNT(*) FROM jobs AS ahead
                                    WHERE ahead.project_id = jobs.project_id AND ahead.state = {JobStates.Queued} AND ahead.deleted_at IS NULL AND ahead.id <= jobs.id)
               ELSE queue_position END
        """;

    private const string LeadingColumns = """
        id, project_id, state, prompt, reference_image_url, duration_seconds, aspect, resolution, prefer,
        vendor_pin, model_pin, callback_url, metadata, plan, plan_index, vendor_job_id, progress, attempts,
        error_code, error_message, retention_days, created_at, updated_at, completed_at, expires_at,
        cost_micros, video_key, thumbnail_key, video_bytes, video_sha256, video_width, video_height, video_duration,
        lease_owner, deleted_at, hold_micros
        """;

    public static object ToParameters(Job job) => new
    {
        job.Id,
        job.ProjectId,
        State = (int)job.State,
        job.Spec.Prompt,
        job.Spec.ReferenceImageUrl,
        job.Spec.DurationSeconds,
        Aspect = (int)job.Spec.Aspect,
        Resolution = (int)job.Spec.Resolution,
        Prefer = (int)job.Spec.Prefer,
        job.Spec.VendorPin,
        job.Spec.ModelPin,
        job.Spec.CallbackUrl,
        Metadata = job.Spec.Metadata is null ? null : JsonSerializer.Serialize(new Dictionary<string, string>(job.Spec.Metadata), ReelgateJsonContext.Default.DictionaryStringString),
        Plan = FormatPlan(job.Plan),
        job.PlanIndex,
        job.CurrentModel.Vendor,
        job.RetentionDays,
        job.HoldMicros,
        CreatedAt = job.CreatedAt.ToUnixTimeMilliseconds(),
        UpdatedAt = job.UpdatedAt.ToUnixTimeMilliseconds(),
    };

    /// <summary>Reads the current row, selected with <see cref="Columns"/>, by ordinal (no reflection on the hot path).</summary>
    public static Job Read(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        ProjectId = r.GetString(1),
        State = (VideoJobState)r.GetInt64(2),
        Spec = new JobSpec
        {
            Prompt = r.GetString(3),
            ReferenceImageUrl = Text(r, 4),
            DurationSeconds = (int)r.GetInt64(5),
            Aspect = (Aspect)r.GetInt64(6),
            Resolution = (Resolution)r.GetInt64(7),
            Prefer = (Prefer)r.GetInt64(8),
            VendorPin = Text(r, 9),
            ModelPin = Text(r, 10),
            CallbackUrl = Text(r, 11),
            Metadata = Text(r, 12) is { } metadata ? JsonSerializer.Deserialize(metadata, ReelgateJsonContext.Default.DictionaryStringString) : null,
        },
        Plan = ParsePlan(r.GetString(13)),
        PlanIndex = (int)r.GetInt64(14),
        VendorJobId = Text(r, 15),
        Progress = r.GetDouble(16),
        Attempts = (int)r.GetInt64(17),
        ErrorCode = Text(r, 18),
        ErrorMessage = Text(r, 19),
        RetentionDays = (int)r.GetInt64(20),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(21)),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(22)),
        CompletedAt = Time(r, 23),
        ExpiresAt = Time(r, 24),
        CostMicros = r.GetInt64(25),
        Artifacts = Text(r, 26) is { } videoKey
            ? new JobArtifacts(videoKey, r.GetString(27), Int(r, 28), Text(r, 29) ?? "", (int)Int(r, 30), (int)Int(r, 31), r.IsDBNull(32) ? 0 : r.GetDouble(32))
            : null,
        LeaseOwner = Text(r, 33),
        DeletedAt = Time(r, 34),
        HoldMicros = r.GetInt64(35),
        QueuePosition = r.IsDBNull(36) ? null : (int)r.GetInt64(36),
    };

    /// <summary>Runs <paramref name="command"/> (selecting <see cref="Columns"/>) and reads every row.</summary>
    public static async Task<IReadOnlyList<Job>> QueryAsync(DbConnection connection, CommandDefinition command)
    {
        var jobs = new List<Job>();
        await using var reader = await connection.ExecuteReaderAsync(command);
        while (await reader.ReadAsync(command.CancellationToken))
        {
            jobs.Add(Read(reader));
        }

        return jobs;
    }

    public static object SucceededParameters(string jobId, string owner, JobArtifacts artifacts, long costMicros, long nowMs) => new
    {
        jobId,
        owner,
        costMicros,
        now = nowMs,
        artifacts.VideoKey,
        artifacts.ThumbnailKey,
        artifacts.VideoBytes,
        artifacts.VideoSha256,
        artifacts.Width,
        artifacts.Height,
        artifacts.DurationSeconds,
    };

    public static JobAttempt ToAttempt(AttemptRow r) => new(
        (int)r.Attempt, r.Vendor, r.Model, r.VendorJobId, DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt),
        r.EndedAt is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null, r.Outcome, r.Message);

    public static IdempotentResponse? ToResponse(IdempotentRow? row)
        => row is null ? null : new IdempotentResponse(row.RequestHash, (int)(row.StatusCode ?? 200), row.Body ?? "");

    internal static string FormatPlan(IReadOnlyList<ModelRef> plan) => string.Join('\n', plan.Select(m => $"{m.Vendor}/{m.Model}"));

    internal static IReadOnlyList<ModelRef> ParsePlan(string plan)
        => [.. plan.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            return new ModelRef(line[..slash], line[(slash + 1)..]);
        })];

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static long Int(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? 0 : r.GetInt64(ordinal);

    private static DateTimeOffset? Time(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));

    internal sealed record KeyedJob(string RequestHash, string JobId);

    // Settable rows, like AttemptRow: Dapper converts each column to the property's type, which the
    // constructor form cannot do for SQLite's untyped aggregates.
    internal sealed class PauseRow
    {
        public string Vendor { get; set; } = "";
        public long UntilAt { get; set; }
    }

    internal sealed class SlotsRow
    {
        public string Vendor { get; set; } = "";
        public long InUse { get; set; }
    }

    internal sealed class UnownedRow
    {
        public string Id { get; set; } = "";
        public string? Vendor { get; set; }
        public string? SlotVendor { get; set; }
    }

    internal sealed class WaitingRow
    {
        public string Id { get; set; } = "";
        public string? Vendor { get; set; }
    }

    internal sealed class ProjectQueueRow
    {
        public string ProjectId { get; set; } = "";
        public long Queued { get; set; }
        public long OldestQueuedAt { get; set; }
    }

    internal sealed class IdempotentRow
    {
        public string RequestHash { get; set; } = "";
        public long? StatusCode { get; set; }
        public string? Body { get; set; }
    }

    internal sealed class AttemptRow
    {
        public long Attempt { get; set; }
        public string Vendor { get; set; } = "";
        public string Model { get; set; } = "";
        public string? VendorJobId { get; set; }
        public long StartedAt { get; set; }
        public long? EndedAt { get; set; }
        public string? Outcome { get; set; }
        public string? Message { get; set; }
    }
}
