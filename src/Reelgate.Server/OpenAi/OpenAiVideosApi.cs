using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Server.Auth;
using Reelgate.Server.Docs;
using Reelgate.Server.Endpoints;
using Reelgate.Server.Files;
using Reelgate.Server.RateLimiting;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// <c>/v1/videos</c>: OpenAI's Videos API over the gateway's own jobs, so code written for
/// <c>client.videos.*</c> in the official SDKs works by changing the base URL and key. A video made
/// here is a job of <c>/v1/video/*</c> and the reverse; ids are the gateway's (<c>vid_…</c>),
/// which the SDKs treat as opaque. Errors come in OpenAI's envelope (<see cref="OpenAiError"/>).
/// </summary>
internal static class OpenAiVideosApi
{
    public const string AuthorizationPolicy = OpenAiAuthenticationHandler.SchemeName;
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    // order=asc walks the newest-first keyset in pages of this size (see ListAscendingAsync).
    private const int ScanPageSize = 100;

    public static RouteGroupBuilder MapOpenAiVideosApi(this IEndpointRouteBuilder endpoints)
    {
        // Reads is the group's policy; create and remix override it (endpoint metadata comes after the group's).
        var group = endpoints.MapGroup("/v1/videos").RequireAuthorization(AuthorizationPolicy).RequireRateLimiting(RateLimitPolicies.Reads).WithTags("OpenAI Videos")
            .DescribesParameter("id", "The video id (the job id, `vid_…`).");
        group.MapPost(string.Empty, CreateAsync).WithName("OpenAiCreateVideo").WithSummary("Create a video job (OpenAI videos.create; JSON or multipart).").RequireRateLimiting(RateLimitPolicies.Generate);
        group.MapGet(string.Empty, ListAsync).WithName("OpenAiListVideos").WithSummary("The project's videos (OpenAI videos.list: after, limit, order).")
            .DescribesParameter("after", "The `last_id` of the previous page.")
            .DescribesInteger("limit", "Page size (default 20).", 1, MaxPageSize)
            .DescribesChoice("order", "Newest first (`desc`, the default) or oldest first.", "desc", "asc");
        group.MapGet("/{id}", RetrieveAsync).WithName("OpenAiRetrieveVideo").WithSummary("A video job (OpenAI videos.retrieve).");
        group.MapDelete("/{id}", DeleteAsync).WithName("OpenAiDeleteVideo").WithSummary("Delete a video job and its files (OpenAI videos.delete).");
        group.MapGet("/{id}/content", ContentAsync).WithName("OpenAiDownloadVideoContent").WithSummary("Stream the video, thumbnail or spritesheet (OpenAI videos.downloadContent).")
            .DescribesChoice("variant", "Which file (default `video`).", "video", "thumbnail", "spritesheet");
        group.MapPost("/{id}/remix", RemixAsync).WithName("OpenAiRemixVideo").WithSummary("Remix a video (needs a model that can extend).").RequireRateLimiting(RateLimitPolicies.Generate);
        group.MapPost("/extensions", Extend).WithName("OpenAiExtendVideo").WithSummary("Extend a video (needs a model that can extend).").RequireRateLimiting(RateLimitPolicies.Generate);
        group.MapPost("/edits", Unsupported).WithName("OpenAiEditVideo").WithSummary("Not supported: video edits.");
        group.MapPost("/characters", Unsupported).WithName("OpenAiCreateVideoCharacter").WithSummary("Not supported: characters.");
        group.MapGet("/characters/{characterId}", UnsupportedCharacter).WithName("OpenAiGetVideoCharacter").WithSummary("Not supported: characters.")
            .DescribesParameter("characterId", "The character's id.");

        // Any other path or method under /v1/videos answers as OpenAI does, not with the gateway's envelope.
        group.MapFallback("{**path}", InvalidUrl).ExcludeFromDescription();
        return group;
    }

    internal static async Task<Results<JsonHttpResult<OpenAiVideo>, OpenAiError>> CreateAsync(
        HttpContext context,
        JobService jobs,
        OpenAiRequestMapper mapper,
        IOptions<OpenAiCompatOptions> options,
        CancellationToken cancellationToken)
    {
        var (input, readError) = await OpenAiCreateRequestReader.ReadAsync(context.Request, options.Value.MaxUploadBytes, cancellationToken);
        if (readError is not null)
        {
            return readError;
        }

        var (spec, mapError) = mapper.Map(input!);
        if (mapError is not null)
        {
            return mapError;
        }

        // The SDKs send no idempotency key; a caller that adds the gateway's header gets its replay semantics.
        var key = context.Request.Headers[VideoApi.IdempotencyHeader].ToString();
        if (key.Length > 255 || (key.Length > 0 && string.IsNullOrWhiteSpace(key)))
        {
            return new OpenAiError(400, OpenAiError.InvalidRequest, "An Idempotency-Key header is 1..255 characters.");
        }

        var submitted = await jobs.SubmitAsync(context.User.ProjectId(), spec!, key.Length == 0 ? null : key, cancellationToken);
        if (submitted.Error is { } error)
        {
            return OpenAiError.From(error);
        }

        var (job, replayed) = submitted.Value!;
        if (replayed)
        {
            context.Response.Headers[VideoApi.ReplayedHeader] = "true";
        }

        // OpenAI answers create with 200 (the .NET SDK accepts nothing else).
        return Json(OpenAiVideoViews.Video(job));
    }

    internal static async Task<Results<JsonHttpResult<OpenAiVideo>, OpenAiError>> RetrieveAsync(string id, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var found = await jobs.GetAsync(context.User.ProjectId(), id, cancellationToken);
        return found.Error is not null ? NotFound(id) : Json(OpenAiVideoViews.Video(found.Value!));
    }

    internal static async Task<Results<JsonHttpResult<OpenAiVideoList>, OpenAiError>> ListAsync(string? after, string? limit, string? order, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return OpenAiError.Invalid("limit", string.Create(CultureInfo.InvariantCulture, $"Invalid 'limit': expected an integer from 1 to {MaxPageSize}, got '{limit}'."));
        }

        var ascending = false;
        if (order is not null)
        {
            if (order is not ("asc" or "desc"))
            {
                return OpenAiError.Invalid("order", $"Invalid value: '{order}'. Supported values are: 'asc' and 'desc'.");
            }

            ascending = order == "asc";
        }

        if (after is not null && !JobId.IsWellFormed(after))
        {
            return OpenAiError.Invalid("after", $"Invalid 'after': '{after}' is not a video id; pass the last_id of the previous page.");
        }

        var project = context.User.ProjectId();
        var rows = ascending
            ? await ListAscendingAsync(jobs, project, after, pageSize + 1, cancellationToken)
            : await jobs.ListAsync(project, after, pageSize + 1, cancellationToken);

        // One extra row tells whether another page exists without a second query.
        var data = rows.Take(pageSize).Select(OpenAiVideoViews.Video).ToList();
        var list = new OpenAiVideoList
        {
            Data = data,
            FirstId = data.Count > 0 ? data[0].Id : null,
            LastId = data.Count > 0 ? data[^1].Id : null,
            HasMore = rows.Count > pageSize,
        };
        return TypedResults.Json(list, OpenAiJson.Context.OpenAiVideoList);
    }

    internal static async Task<Results<JsonHttpResult<OpenAiVideoDeleted>, OpenAiError>> DeleteAsync(string id, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var deleted = await jobs.DeleteAsync(context.User.ProjectId(), id, cancellationToken);
        return deleted.Error is not null
            ? NotFound(id)
            : TypedResults.Json(new OpenAiVideoDeleted(id), OpenAiJson.Context.OpenAiVideoDeleted);
    }

    internal static async Task<Results<FileStreamHttpResult, OpenAiError>> ContentAsync(string id, string? variant, HttpContext context, JobService jobs, IBlobStore blobs, SpritesheetMaker spritesheets, CancellationToken cancellationToken)
    {
        variant ??= "video";
        if (variant is not ("video" or "thumbnail" or "spritesheet"))
        {
            return OpenAiError.Invalid("variant", $"Invalid value: '{variant}'. Supported values are: 'video', 'thumbnail' and 'spritesheet'.");
        }

        var found = await jobs.GetAsync(context.User.ProjectId(), id, cancellationToken);
        if (found.Error is not null)
        {
            return NotFound(id);
        }

        var job = found.Value!;
        if (job is not { State: VideoJobState.Succeeded, Artifacts: { } artifacts })
        {
            var why = job.State == VideoJobState.Expired
                ? "its assets expired (retention) and were removed"
                : $"it is {OpenAiVideoViews.Status(job.State)}, not completed";
            return OpenAiError.NotFound($"Video '{id}' has no downloadable content: {why}.");
        }

        var (key, contentType, tag) = variant switch
        {
            "thumbnail" => (artifacts.ThumbnailKey, "image/jpeg", "-t"),
            "spritesheet" => (ArtifactKeys.Spritesheet(job.ProjectId, job.Id), "image/jpeg", "-s"),
            _ => (artifacts.VideoKey, "video/mp4", string.Empty),
        };
        // Made on first request: ingest leaves out what only this variant reads.
        if (variant == "spritesheet" && !await spritesheets.EnsureAsync(job, cancellationToken))
        {
            return OpenAiError.NotFound($"The video '{id}' no longer exists.");
        }

        // Streamed from any store, never redirected: some clients would carry their Authorization header on to S3,
        // which refuses a request that is both presigned and signed.
        var blob = await blobs.StatAsync(key, cancellationToken);
        if (blob is null)
        {
            return OpenAiError.NotFound($"The {variant} of video '{id}' no longer exists.");
        }

        // The video's content hash is a strong validator; the images are derived from it.
        var etag = new EntityTagHeaderValue($"\"{artifacts.VideoSha256[..32]}{tag}\"");
        context.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.Stream(new BlobReadStream(blobs, key, blob.Length), contentType, lastModified: blob.LastModified, entityTag: etag, enableRangeProcessing: true);
    }

    internal static async Task<OpenAiError> RemixAsync(string id, HttpContext context, JobService jobs, OpenAiRequestMapper mapper, CancellationToken cancellationToken)
    {
        var found = await jobs.GetAsync(context.User.ProjectId(), id, cancellationToken);
        return found.Error is not null ? NotFound(id) : NeedsExtend("Remix", mapper);
    }

    internal static OpenAiError Extend(OpenAiRequestMapper mapper) => NeedsExtend("Extending a video", mapper);

    // Takes the route's characterId (unused) so the OpenAPI document declares the parameter its path has. A plain
    // comment, not an XML one: the document would take an XML summary as the operation's summary.
    internal static OpenAiError UnsupportedCharacter(string characterId, HttpRequest request) => Unsupported(request);

    internal static OpenAiError Unsupported(HttpRequest request)
        => OpenAiError.Unsupported($"{request.Method} {request.Path} is not supported by this gateway: it serves OpenAI's video create, retrieve, list, delete and content endpoints.");

    internal static OpenAiError InvalidUrl(HttpRequest request)
        => new(404, OpenAiError.InvalidRequest, $"Invalid URL ({request.Method} {request.Path}).");

    /// <summary>
    /// OpenAI's remix and extensions continue a finished video, which is the gateway's extend. Extend
    /// is declared per model but no job path runs it yet, so both answer what would be needed.
    /// </summary>
    private static OpenAiError NeedsExtend(string operation, OpenAiRequestMapper mapper)
    {
        var capable = mapper.ExtendCapable();
        var message = capable.Count == 0
            ? $"{operation} needs a model that can extend a video, and no enabled model supports extend (enabled: {mapper.DescribeEnabled()})."
            : $"{operation} needs a model that can extend a video; {string.Join(", ", capable.Select(m => m.Ref.ToString()))} declare extend, but this gateway does not run extend jobs yet.";
        return OpenAiError.Unsupported(message);
    }

    /// <summary>
    /// Oldest first after <paramref name="after"/>. The store keeps a newest-first keyset only, so
    /// this walks it down to <paramref name="after"/> keeping the last <paramref name="take"/> rows:
    /// a cost proportional to the videos newer than <paramref name="after"/> (desc, the SDKs'
    /// default, is one indexed query).
    /// </summary>
    private static async Task<IReadOnlyList<Job>> ListAscendingAsync(JobService jobs, string project, string? after, int take, CancellationToken cancellationToken)
    {
        var window = new Queue<Job>(take + 1);
        string? before = null;
        while (true)
        {
            var page = await jobs.ListAsync(project, before, ScanPageSize, cancellationToken);
            foreach (var job in page)
            {
                if (after is not null && string.CompareOrdinal(job.Id, after) <= 0)
                {
                    return [.. window.Reverse()];
                }

                // Walking newest → oldest, so the rows to drop are the newest (first in).
                window.Enqueue(job);
                if (window.Count > take)
                {
                    window.Dequeue();
                }
            }

            if (page.Count < ScanPageSize)
            {
                return [.. window.Reverse()];
            }

            before = page[^1].Id;
        }
    }

    private static JsonHttpResult<OpenAiVideo> Json(OpenAiVideo video) => TypedResults.Json(video, OpenAiJson.Context.OpenAiVideo);

    private static OpenAiError NotFound(string id) => OpenAiError.NotFound($"No video with id '{id}' in this project.");
}
