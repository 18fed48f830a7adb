using System.Text.Json;
using Reelgate.Contracts.Serialization;
using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Storage.Sqlite;

/// <summary>A <c>jobs</c> row as Dapper reads it; <see cref="ToJob"/> turns it into the domain record.</summary>
internal sealed class JobRow
{
    /// <summary>Every column, aliased to the property names.</summary>
    public const string Columns = """
        id AS Id, project_id AS ProjectId, state AS State, prompt AS Prompt, reference_image_url AS ReferenceImageUrl,
        duration_seconds AS DurationSeconds, aspect AS Aspect, resolution AS Resolution, prefer AS Prefer,
        vendor_pin AS VendorPin, model_pin AS ModelPin, callback_url AS CallbackUrl, metadata AS Metadata,
        plan AS Plan, plan_index AS PlanIndex, vendor_job_id AS VendorJobId, progress AS Progress, attempts AS Attempts,
        error_code AS ErrorCode, error_message AS ErrorMessage, retention_days AS RetentionDays,
        created_at AS CreatedAt, updated_at AS UpdatedAt, completed_at AS CompletedAt, expires_at AS ExpiresAt,
        cost_micros AS CostMicros, video_key AS VideoKey, thumbnail_key AS ThumbnailKey, video_bytes AS VideoBytes,
        video_sha256 AS VideoSha256, video_width AS VideoWidth, video_height AS VideoHeight, video_duration AS VideoDuration,
        lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt, deleted_at AS DeletedAt
        """;

    public string Id { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public long State { get; set; }
    public string Prompt { get; set; } = "";
    public string? ReferenceImageUrl { get; set; }
    public long DurationSeconds { get; set; }
    public long Aspect { get; set; }
    public long Resolution { get; set; }
    public long Prefer { get; set; }
    public string? VendorPin { get; set; }
    public string? ModelPin { get; set; }
    public string? CallbackUrl { get; set; }
    public string? Metadata { get; set; }
    public string Plan { get; set; } = "";
    public long PlanIndex { get; set; }
    public string? VendorJobId { get; set; }
    public double Progress { get; set; }
    public long Attempts { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public long RetentionDays { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? CompletedAt { get; set; }
    public long? ExpiresAt { get; set; }
    public long CostMicros { get; set; }
    public string? VideoKey { get; set; }
    public string? ThumbnailKey { get; set; }
    public long? VideoBytes { get; set; }
    public string? VideoSha256 { get; set; }
    public long? VideoWidth { get; set; }
    public long? VideoHeight { get; set; }
    public double? VideoDuration { get; set; }
    public string? LeaseOwner { get; set; }
    public long? LeaseExpiresAt { get; set; }
    public long? DeletedAt { get; set; }

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
        job.RetentionDays,
        CreatedAt = job.CreatedAt.ToUnixTimeMilliseconds(),
        UpdatedAt = job.UpdatedAt.ToUnixTimeMilliseconds(),
    };

    public Job ToJob() => new()
    {
        Id = Id,
        ProjectId = ProjectId,
        State = (VideoJobState)State,
        Spec = new JobSpec
        {
            Prompt = Prompt,
            ReferenceImageUrl = ReferenceImageUrl,
            DurationSeconds = (int)DurationSeconds,
            Aspect = (Aspect)Aspect,
            Resolution = (Resolution)Resolution,
            Prefer = (Prefer)Prefer,
            VendorPin = VendorPin,
            ModelPin = ModelPin,
            CallbackUrl = CallbackUrl,
            Metadata = Metadata is null ? null : JsonSerializer.Deserialize(Metadata, ReelgateJsonContext.Default.DictionaryStringString),
        },
        Plan = ParsePlan(Plan),
        PlanIndex = (int)PlanIndex,
        VendorJobId = VendorJobId,
        Progress = Progress,
        Attempts = (int)Attempts,
        ErrorCode = ErrorCode,
        ErrorMessage = ErrorMessage,
        RetentionDays = (int)RetentionDays,
        CreatedAt = Time(CreatedAt),
        UpdatedAt = Time(UpdatedAt),
        CompletedAt = Time(CompletedAt),
        ExpiresAt = Time(ExpiresAt),
        CostMicros = CostMicros,
        Artifacts = VideoKey is null
            ? null
            : new JobArtifacts(VideoKey, ThumbnailKey!, VideoBytes ?? 0, VideoSha256 ?? "", (int)(VideoWidth ?? 0), (int)(VideoHeight ?? 0), VideoDuration ?? 0),
        LeaseOwner = LeaseOwner,
        LeaseExpiresAt = Time(LeaseExpiresAt),
        DeletedAt = Time(DeletedAt),
    };

    internal static string FormatPlan(IReadOnlyList<ModelRef> plan) => string.Join('\n', plan.Select(m => $"{m.Vendor}/{m.Model}"));

    internal static IReadOnlyList<ModelRef> ParsePlan(string plan)
        => [.. plan.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            return new ModelRef(line[..slash], line[(slash + 1)..]);
        })];

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    private static DateTimeOffset? Time(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
