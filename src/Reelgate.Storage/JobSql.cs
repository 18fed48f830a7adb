namespace Reelgate.Storage;

/// <summary>
/// Job-store SQL that SQLite and PostgreSQL both accept as written, so the two stores differ only
/// where the dialects or their concurrency models do (locking, notifications).
/// </summary>
internal static class JobSql
{
    public const string GenerateOperation = "generate";
    public const long DayMs = 86_400_000;
    public const string Active = $"state IN {JobStates.Active}";

    /// <summary>Writes by the lease holder only touch its own running, undeleted job.</summary>
    public const string Owned = $"id = @jobId AND lease_owner = @owner AND state = {JobStates.Running} AND deleted_at IS NULL";

    /// <summary>Deleting keeps the row (so a repeated delete still answers ok) and stops an active job.</summary>
    public const string DeleteAssignments =
        "deleted_at = @now, updated_at = @now, completed_at = COALESCE(completed_at, @now), lease_owner = NULL, slot_vendor = NULL, " +
        $"state = CASE WHEN state IN {JobStates.Active} THEN {JobStates.Canceled} ELSE state END";

    public const string CancelAssignments = $"state = {JobStates.Canceled}, completed_at = @now, updated_at = @now, lease_owner = NULL, slot_vendor = NULL";

    public const string SucceededAssignments = $"""
        state = {JobStates.Succeeded}, progress = 1, completed_at = @now, updated_at = @now, expires_at = @now + retention_days * 86400000,
        cost_micros = @costMicros, error_code = NULL, error_message = NULL, lease_owner = NULL, slot_vendor = NULL,
        video_key = @VideoKey, thumbnail_key = @ThumbnailKey, video_bytes = @VideoBytes, video_sha256 = @VideoSha256,
        video_width = @Width, video_height = @Height, video_duration = @DurationSeconds
        """;

    public const string FailedAssignments =
        $"state = {JobStates.Failed}, completed_at = @now, updated_at = @now, error_code = @errorCode, error_message = @errorMessage, lease_owner = NULL, slot_vendor = NULL";

    public const string SelectKeyedJob =
        "SELECT request_hash AS RequestHash, job_id AS JobId FROM idempotency_keys WHERE project_id = @ProjectId AND operation = @Operation AND key = @Key";

    public const string InsertJob = """
        INSERT INTO jobs (id, project_id, state, prompt, reference_image_url, duration_seconds, aspect, resolution, prefer,
                          vendor_pin, model_pin, callback_url, metadata, plan, plan_index, vendor, retention_days, hold_micros, created_at, updated_at)
        VALUES (@Id, @ProjectId, @State, @Prompt, @ReferenceImageUrl, @DurationSeconds, @Aspect, @Resolution, @Prefer,
                @VendorPin, @ModelPin, @CallbackUrl, @Metadata, @Plan, @PlanIndex, @Vendor, @RetentionDays, @HoldMicros, @CreatedAt, @UpdatedAt)
        """;

    public const string InsertGenerateKey = """
        INSERT INTO idempotency_keys (project_id, operation, key, request_hash, job_id, status_code, created_at)
        VALUES (@ProjectId, @Operation, @Key, @RequestHash, @JobId, 202, @Now)
        """;

    public const string ListPage = $"""
        SELECT {JobRow.Columns} FROM jobs
        WHERE project_id = @projectId AND deleted_at IS NULL AND (@beforeId IS NULL OR id < @beforeId)
        ORDER BY id DESC LIMIT @limit
        """;

    public const string ListHeldFailed = $"SELECT {JobRow.Columns} FROM jobs WHERE state = {JobStates.Failed} AND hold_micros > 0 ORDER BY id LIMIT @max";

    public const string FindHeldFailed = $"SELECT {JobRow.Columns} FROM jobs WHERE id = @jobId AND state = {JobStates.Failed} AND hold_micros > 0";

    public const string CountJob = "SELECT COUNT(*) FROM jobs WHERE id = @jobId AND project_id = @projectId";

    public const string SetCost = "UPDATE jobs SET cost_micros = @capture, updated_at = @nowMs WHERE id = @jobId";

    public const string SaveIdempotent = """
        INSERT INTO idempotency_keys (project_id, operation, key, request_hash, status_code, body, created_at)
        VALUES (@projectId, @operation, @key, @RequestHash, @StatusCode, @Body, @now)
        ON CONFLICT DO NOTHING
        """;

    public const string SelectIdempotent =
        "SELECT request_hash AS RequestHash, status_code AS StatusCode, body AS Body FROM idempotency_keys WHERE project_id = @projectId AND operation = @operation AND key = @key";

    public const string RecordAttempt = $"""
        UPDATE jobs SET plan_index = @planIndex, vendor = @Vendor, vendor_job_id = @vendorJobId, updated_at = @now,
            attempts = attempts + CASE WHEN @vendorJobId IS NULL THEN 1 ELSE 0 END,
            progress = CASE WHEN @vendorJobId IS NULL THEN 0 ELSE progress END,
            queue_position = CASE WHEN @vendorJobId IS NULL THEN NULL ELSE queue_position END
        WHERE {Owned}
        """;

    /// <summary>Intent (no vendor id yet) opens a new attempt row; the vendor's answer fills it in.</summary>
    public const string OpenAttempt = "INSERT INTO job_attempts (job_id, attempt, vendor, model, started_at) VALUES (@jobId, @attempt, @Vendor, @Model, @now)";

    public const string SetAttemptVendorJob = "UPDATE job_attempts SET vendor_job_id = @vendorJobId WHERE job_id = @jobId AND attempt = @current";

    public const string CloseLatestAttempt = """
        UPDATE job_attempts SET ended_at = @now, outcome = @outcomeCode, message = @message
        WHERE job_id = @jobId AND ended_at IS NULL AND attempt = (SELECT MAX(attempt) FROM job_attempts WHERE job_id = @jobId)
        """;

    public const string ListAttempts = """
        SELECT attempt AS Attempt, vendor AS Vendor, model AS Model, vendor_job_id AS VendorJobId, started_at AS StartedAt,
               ended_at AS EndedAt, outcome AS Outcome, message AS Message
        FROM job_attempts WHERE job_id = @jobId ORDER BY attempt
        """;
}
