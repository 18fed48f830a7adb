using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Reelgate.Contracts.Serialization;
using Reelgate.Contracts.Video;
using Reelgate.Core.Events;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.Core.Webhooks;
using Reelgate.Server.Auth;
using Reelgate.Server.Docs;
using Reelgate.Server.Errors;
using Reelgate.Server.Files;
using Reelgate.Server.Hosting;
using Reelgate.Server.Network;
using Reelgate.Server.RateLimiting;
using Reelgate.Server.Webhooks;

namespace Reelgate.Server.Endpoints;

/// <summary>The ten endpoints of the seed's <c>/v1/video</c> contract.</summary>
internal static class VideoApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxIdempotencyKeyLength = 255;
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;
    private const int MinDownloadSeconds = 60;
    private const int MaxDownloadSeconds = 604_800;
    private const int MaxWaitSeconds = 60;

    private const string IdempotencyKeyDescription =
        "De-duplication key (1..255 characters, scoped to the project): the same key and request answer the original result " +
        "with `Idempotent-Replayed: true`; the same key with another request answers 422.";

    public static RouteGroupBuilder MapVideoApi(this IEndpointRouteBuilder endpoints)
    {
        // Reads is the group's policy; generate's own policy overrides it (endpoint metadata comes after the group's).
        var group = endpoints.MapGroup("/v1/video").RequireAuthorization(ApiKeyAuthenticationHandler.SchemeName).RequireRateLimiting(RateLimitPolicies.Reads).WithTags("Video")
            .DescribesParameter("id", "The job id (`vid_…`).");
        group.MapPost("/generate", GenerateAsync).WithName("GenerateVideo").WithSummary("Start a text-to-video job (idempotent).").RequireRateLimiting(RateLimitPolicies.Generate)
            .AcceptsJsonBody<GenerateVideoRequest>(requiredFields: ["prompt"], example: """{"prompt": "a timelapse of a city skyline at dusk", "prefer": "balanced", "resolution": "1080p", "duration_seconds": 5, "aspect_ratio": "16:9"}""")
            .AcceptsHeader(IdempotencyHeader, IdempotencyKeyDescription, MaxIdempotencyKeyLength)
            .ProducesReelgateErrors(402, 422, 503)
            .AddOpenApiOperationTransformer(OperationDocs.AcceptedJobAsync);
        group.MapGet("/status/{id}", StatusAsync).WithName("GetVideoStatus").WithSummary("Poll a job's state.")
            .DescribesInteger("wait", "Long poll: answer as soon as the job is terminal, or after this many seconds with its current state.", 0, MaxWaitSeconds);
        group.MapPost("/cancel/{id}", CancelAsync).WithName("CancelVideo").WithSummary("Cancel a queued or running job.")
            .AcceptsJsonBody<CancelVideoRequest>(required: false);
        group.MapGet("/get/{id}", GetAsync).WithName("GetVideo").WithSummary("A job's full details.");
        group.MapGet("/list", ListAsync).WithName("ListVideos").WithSummary("The project's jobs, newest first, by cursor.")
            .DescribesInteger("limit", $"Page size (default {DefaultPageSize}).", 1, MaxPageSize)
            .DescribesParameter("cursor", "The `next_cursor` of the previous page, unchanged.");
        group.MapDelete("/delete/{id}", DeleteAsync).WithName("DeleteVideo").WithSummary("Delete a job and its files (idempotent).")
            .DescribesParameter("idempotency_key", "De-duplication key (or the `Idempotency-Key` header).")
            .AcceptsHeader(IdempotencyHeader, IdempotencyKeyDescription, MaxIdempotencyKeyLength)
            .ProducesReelgateErrors(422);
        group.MapPost("/delete_all", DeleteAllAsync).WithName("DeleteAllVideos").WithSummary("Delete every job of the project.")
            .ProducesReelgateErrors(400, 413)
            .AddOpenApiOperationTransformer(OperationDocs.AnyJsonObjectBodyAsync);
        group.MapGet("/download_url/{id}", DownloadUrlAsync).WithName("GetVideoDownloadUrl").WithSummary("A signed, expiring download link.")
            .DescribesInteger("expires_in", "Lifetime of the link in seconds (default 3600).", MinDownloadSeconds, MaxDownloadSeconds);
        group.MapPost("/set_retention/{id}", SetRetentionAsync).WithName("SetVideoRetention").WithSummary("Set a job's retention window (1..90 days).")
            .AcceptsJsonBody<SetRetentionRequest>(requiredFields: ["days"], example: """{"days": 7}""")
            .AcceptsHeader(IdempotencyHeader, IdempotencyKeyDescription, MaxIdempotencyKeyLength)
            .ProducesReelgateErrors(422);
        group.MapGet("/events/{id}", JobEventStream.StreamAsync).WithName("StreamVideoEvents").WithSummary("Server-Sent Events of a job's state and progress until it ends.")
            .AcceptsHeader("Last-Event-ID", "The `id` of the last event received: the stream resumes with what changed after it.")
            .AddOpenApiOperationTransformer(OperationDocs.EventStreamAsync);
        group.MapGet("/capabilities", Capabilities).WithName("GetVideoCapabilities").WithSummary("Enabled vendors, models and limits.");
        return group;
    }

    internal static async Task<Results<Accepted<VideoJob>, ApiError>> GenerateAsync(
        HttpContext context,
        JobService jobs,
        JobViews views,
        CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, WireJson.Context.GenerateVideoRequest, required: true, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var (key, keyError) = IdempotencyKey(context.Request, body!.IdempotencyKey);
        if (keyError is not null)
        {
            return keyError;
        }

        var spec = GenerateRequestParser.Parse(body);
        if (spec.Error is { } invalid)
        {
            return ApiError.From(invalid);
        }

        var submitted = await jobs.SubmitAsync(context.User.ProjectId(), spec.Value!, key, cancellationToken);
        if (submitted.Error is { } error)
        {
            return ApiError.From(error);
        }

        var (job, replayed) = submitted.Value!;
        MarkReplayed(context, replayed);
        return TypedResults.Accepted($"/v1/video/status/{job.Id}", await views.ShortAsync(job, context.Request, cancellationToken));
    }

    internal static async Task<Results<Ok<VideoJob>, ApiError>> StatusAsync(string id, string? wait, HttpContext context, JobWaiter waiter, JobViews views, CancellationToken cancellationToken)
    {
        var waitFor = TimeSpan.Zero;
        if (wait is not null)
        {
            if (!int.TryParse(wait, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxWaitSeconds)
            {
                return ApiError.Invalid($"'wait' must be a whole number of seconds from 0 to {MaxWaitSeconds}.");
            }

            waitFor = TimeSpan.FromSeconds(seconds);
        }

        var job = await waiter.GetAsync(context.User.ProjectId(), id, waitFor, cancellationToken);
        if (job.Error is { } error)
        {
            return ApiError.From(error);
        }

        return TypedResults.Ok(await views.ShortAsync(job.Value!, context.Request, cancellationToken));
    }

    internal static async Task<Results<Ok<VideoJobDetails>, ApiError>> GetAsync(string id, HttpContext context, JobService jobs, JobViews views, CancellationToken cancellationToken)
    {
        var project = context.User.ProjectId();
        var job = await jobs.GetAsync(project, id, cancellationToken);
        if (job.Error is { } error)
        {
            return ApiError.From(error);
        }

        var attempts = await jobs.ListAttemptsAsync(project, id, cancellationToken);
        return attempts.Error is { } gone
            ? ApiError.From(gone)
            : TypedResults.Ok(await views.DetailsAsync(job.Value!, context.Request, attempts.Value!, cancellationToken));
    }

    internal static async Task<Results<Ok<OkResponse>, ApiError>> CancelAsync(string id, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, WireJson.Context.CancelVideoRequest, required: false, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (body?.JobId is { } bodyId && !string.Equals(bodyId, id, StringComparison.Ordinal))
        {
            return ApiError.Invalid($"'job_id' in the body ({bodyId}) differs from the id in the path ({id}).");
        }

        var canceled = await jobs.CancelAsync(context.User.ProjectId(), id, cancellationToken);
        return canceled.Error is { } error ? ApiError.From(error) : TypedResults.Ok(new OkResponse(canceled.Value));
    }

    internal static async Task<Results<Ok<VideoJobPage>, ApiError>> ListAsync(string? cursor, string? limit, HttpContext context, JobService jobs, JobViews views, CancellationToken cancellationToken)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return ApiError.Invalid($"'limit' must be a whole number from 1 to {MaxPageSize}.");
        }

        string? before = null;
        if (cursor is not null && !PageCursor.TryDecode(cursor, out before))
        {
            return ApiError.Invalid("'cursor' is malformed; pass the next_cursor of the previous page unchanged.");
        }

        // One extra row tells whether another page exists without a second query.
        var page = await jobs.ListAsync(context.User.ProjectId(), before, pageSize + 1, cancellationToken);
        var items = new List<VideoJobDetails>(Math.Min(page.Count, pageSize));
        foreach (var job in page.Take(pageSize))
        {
            items.Add(await views.DetailsAsync(job, context.Request, cancellationToken));
        }

        var next = page.Count > pageSize ? PageCursor.Encode(items[^1].JobId) : null;
        return TypedResults.Ok(new VideoJobPage(items, next));
    }

    internal static async Task<Results<Ok<OkResponse>, ApiError>> DeleteAsync(string id, string? idempotency_key, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var (key, keyError) = IdempotencyKey(context.Request, idempotency_key);
        if (keyError is not null)
        {
            return keyError;
        }

        var deleted = await jobs.DeleteAsync(context.User.ProjectId(), id, key, cancellationToken);
        if (deleted.Error is { } error)
        {
            return ApiError.From(error);
        }

        MarkReplayed(context, deleted.Value.Replayed);
        return TypedResults.Ok(new OkResponse(deleted.Value.Value));
    }

    internal static async Task<Results<Ok<DeleteAllResponse>, ApiError>> DeleteAllAsync(HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        // The seed sends '{}'; any JSON object is accepted, malformed JSON is not.
        var (_, bodyError) = await JsonBody.ReadAsync(context.Request, WireJson.Context.DictionaryStringJsonElement, required: false, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var deleted = await jobs.DeleteAllAsync(context.User.ProjectId(), cancellationToken);
        return TypedResults.Ok(new DeleteAllResponse(deleted));
    }

    internal static async Task<Results<Ok<DownloadUrlResponse>, ApiError>> DownloadUrlAsync(string id, string? expires_in, HttpContext context, JobService jobs, FileLinks links, CancellationToken cancellationToken)
    {
        var lifetime = links.DefaultLifetime;
        if (expires_in is not null)
        {
            if (!int.TryParse(expires_in, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < MinDownloadSeconds or > MaxDownloadSeconds)
            {
                return ApiError.Invalid($"'expires_in' must be a whole number of seconds from {MinDownloadSeconds} to {MaxDownloadSeconds}.");
            }

            lifetime = TimeSpan.FromSeconds(seconds);
        }

        var found = await jobs.GetAsync(context.User.ProjectId(), id, cancellationToken);
        if (found.Error is { } error)
        {
            return ApiError.From(error);
        }

        var job = found.Value!;
        if (job.State != VideoJobState.Succeeded)
        {
            var why = job.State == VideoJobState.Expired
                ? "its retention window ended and its files were removed"
                : $"it is {JsonSerializer.Serialize(job.State, WireJson.Context.VideoJobState).Trim('"')}";
            return ApiError.Invalid($"Job '{id}' has no video to download: {why}.");
        }

        var (url, expiresAt) = await links.IssueAsync(links.BaseUrlOf(context.Request), job, FileLinks.Video, lifetime, download: true, cancellationToken);
        return TypedResults.Ok(new DownloadUrlResponse(url, expiresAt, (int)lifetime.TotalSeconds));
    }

    internal static async Task<Results<Ok<SetRetentionResponse>, ApiError>> SetRetentionAsync(string id, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync(context.Request, WireJson.Context.SetRetentionRequest, required: true, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (body!.JobId is { } bodyId && !string.Equals(bodyId, id, StringComparison.Ordinal))
        {
            return ApiError.Invalid($"'job_id' in the body ({bodyId}) differs from the id in the path ({id}).");
        }

        if (body.Days is not { } days || days != Math.Floor(days) || days is < 1 or > 90)
        {
            return ApiError.Invalid("'days' is required: a whole number of days from 1 to 90.");
        }

        var (key, keyError) = IdempotencyKey(context.Request, body.IdempotencyKey);
        if (keyError is not null)
        {
            return keyError;
        }

        var updated = await jobs.SetRetentionAsync(context.User.ProjectId(), id, (int)days, key, cancellationToken);
        if (updated.Error is { } error)
        {
            return ApiError.From(error);
        }

        var (set, replayed) = updated.Value;
        MarkReplayed(context, replayed);
        return TypedResults.Ok(new SetRetentionResponse(set.JobId, set.RetentionDays, set.ExpiresAt));
    }

    internal static Ok<VideoCapabilities> Capabilities(VendorRegistry vendors, IVendorHealth health)
        => TypedResults.Ok(CapabilitiesView.Build(vendors, health));

    /// <summary>The key from the body or the <c>Idempotency-Key</c> header; both given and different is an error.</summary>
    private static (string? Key, ApiError? Error) IdempotencyKey(HttpRequest request, string? bodyKey)
    {
        var headerKey = request.Headers[IdempotencyHeader].ToString();
        var header = headerKey.Length == 0 ? null : headerKey;
        if (header is not null && bodyKey is not null && !string.Equals(header, bodyKey, StringComparison.Ordinal))
        {
            return (null, ApiError.Invalid("The Idempotency-Key header and 'idempotency_key' differ; send one of them."));
        }

        var key = header ?? bodyKey;
        if (key is not null && (key.Length is 0 or > MaxIdempotencyKeyLength || string.IsNullOrWhiteSpace(key)))
        {
            return (null, ApiError.Invalid($"An idempotency key is 1..{MaxIdempotencyKeyLength} characters."));
        }

        return (key, null);
    }

    /// <summary>A repeated idempotency key answers the first answer, saying so (DESIGN §2).</summary>
    private static void MarkReplayed(HttpContext context, bool replayed)
    {
        if (replayed)
        {
            context.Response.Headers[ReplayedHeader] = "true";
        }
    }
}
