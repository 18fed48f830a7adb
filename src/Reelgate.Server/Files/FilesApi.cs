using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Reelgate.Contracts.Video;
using Reelgate.Core.Ports;
using Reelgate.Server.Docs;
using Reelgate.Server.Errors;

namespace Reelgate.Server.Files;

/// <summary>
/// <c>GET /v1/files/{id}/{file}</c>: serves a job's video or thumbnail to whoever holds a valid
/// signed link (no API key: links are handed to browsers and players). Honours Range and ETags.
/// With a store that presigns (S3) the API hands out S3 links directly, so this endpoint only sees
/// gateway links issued earlier (e.g. before a switch to S3); it answers them with a 302 to a
/// presigned URL that expires when the gateway link does, so the bytes still skip the gateway and
/// S3 does Range and ETags itself.
/// </summary>
internal static class FilesApi
{
    /// <summary>The longest lifetime a SigV4 presigned URL may have (a week).</summary>
    private const long MaxPresignSeconds = 7 * 24 * 60 * 60;

    public static RouteGroupBuilder MapFilesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/files").WithTags("Files");
        group.MapGet("/{id}/{file}", GetFileAsync).WithName("GetFile").WithSummary("Download a job's video or thumbnail through a signed URL.")
            .DescribesParameter("id", "The job id (`vid_…`).")
            .DescribesChoice("file", "Which file of the job.", FileLinks.Video, FileLinks.Thumbnail)
            .DescribesInteger("exp", "Expiry of the link (Unix seconds), part of the signature.", 0, int.MaxValue)
            .DescribesParameter("sig", "HMAC-SHA256 signature of the link.")
            .DescribesChoice("download", "`1` for `Content-Disposition: attachment` (part of the signature).", "1")
            .ProducesReelgateErrors(403)
            .AddOpenApiOperationTransformer(OperationDocs.FileAsync);
        return group;
    }

    internal static async Task<Results<FileStreamHttpResult, RedirectHttpResult, ApiError>> GetFileAsync(
        string id,
        string file,
        string? exp,
        string? sig,
        string? download,
        HttpContext context,
        UrlSigner signer,
        IJobStore store,
        IBlobStore blobs,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var wantsDownload = download == "1";
        if (file is not (FileLinks.Video or FileLinks.Thumbnail) || exp is null || sig is null
            || !long.TryParse(exp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expiresUnix)
            || !signer.Verify(id, file, expiresUnix, wantsDownload, sig))
        {
            return new ApiError(403, "FORBIDDEN", "The file link is invalid or was altered; ask the API for a new one.");
        }

        if (time.GetUtcNow().ToUnixTimeSeconds() > expiresUnix)
        {
            return new ApiError(403, "FORBIDDEN", "The file link has expired; ask GET /v1/video/download_url/{id} for a new one.");
        }

        var job = await store.FindJobAsync(id, cancellationToken);
        if (job is not { State: VideoJobState.Succeeded, Artifacts: { } artifacts })
        {
            return ApiError.NotFound("The file no longer exists (the job was deleted or its retention window ended).");
        }

        var key = FileLinks.KeyOf(artifacts, file);
        var downloadName = wantsDownload ? FileLinks.DownloadName(id, file) : null;
        var remaining = TimeSpan.FromSeconds(Math.Clamp(expiresUnix - time.GetUtcNow().ToUnixTimeSeconds(), 1, MaxPresignSeconds));
        if (await blobs.PresignAsync(key, remaining, downloadName, cancellationToken) is { } presigned)
        {
            return TypedResults.Redirect(presigned.Url.AbsoluteUri);
        }

        var blob = await blobs.StatAsync(key, cancellationToken);
        if (blob is null)
        {
            return ApiError.NotFound("The file no longer exists.");
        }

        // The video's content hash is a strong validator; the thumbnail is derived from it.
        var etag = new EntityTagHeaderValue($"\"{artifacts.VideoSha256[..32]}{(file == FileLinks.Video ? string.Empty : "-t")}\"");
        context.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.Stream(
            new BlobReadStream(blobs, key, blob.Length),
            contentType: file == FileLinks.Video ? "video/mp4" : "image/jpeg",
            fileDownloadName: downloadName,
            lastModified: blob.LastModified,
            entityTag: etag,
            enableRangeProcessing: true);
    }
}
