using System.Globalization;
using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Server.Files;

/// <summary>
/// Issues links to a job's files, fresh on every read (DESIGN §2): the blob store's own presigned
/// URL when it can make one (S3, so bytes skip the gateway), else a gateway URL signed for
/// <c>/v1/files</c>. Either way the link works for exactly the asked lifetime.
/// </summary>
internal sealed class FileLinks(UrlSigner signer, IBlobStore blobs, IOptions<FileSigningOptions> options, TimeProvider time)
{
    public const string Video = "video.mp4";
    public const string Thumbnail = "thumbnail.jpg";

    public TimeSpan DefaultLifetime => options.Value.UrlLifetime;

    /// <summary>Links are relative to the configured public URL, else to the host the caller used.</summary>
    public string BaseUrlOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return options.Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    /// <summary>A link to <paramref name="file"/> of a succeeded job, presigned by the store when it can.</summary>
    public async ValueTask<(string Url, DateTimeOffset ExpiresAt)> IssueAsync(string baseUrl, Job job, string file, TimeSpan lifetime, bool download, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Artifacts is { } artifacts
            && await blobs.PresignAsync(KeyOf(artifacts, file), lifetime, download ? DownloadName(job.Id, file) : null, cancellationToken) is { } presigned)
        {
            return (presigned.Url.AbsoluteUri, presigned.ExpiresAt);
        }

        return Issue(baseUrl, job.Id, file, lifetime, download);
    }

    /// <summary>A gateway link to <c>/v1/files</c>, whatever the blob store.</summary>
    public (string Url, DateTimeOffset ExpiresAt) Issue(string baseUrl, string jobId, string file, TimeSpan lifetime, bool download)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        var exp = expiresAt.ToUnixTimeSeconds();
        var signature = signer.Sign(jobId, file, exp, download);
        var url = string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/v1/files/{jobId}/{file}?exp={exp}&sig={signature}{(download ? "&download=1" : string.Empty)}");
        return (url, expiresAt);
    }

    public static string KeyOf(JobArtifacts artifacts, string file)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        return file == Video ? artifacts.VideoKey : artifacts.ThumbnailKey;
    }

    /// <summary>The name a downloaded file gets: the job id, so several downloads never collide.</summary>
    public static string DownloadName(string jobId, string file) => $"{jobId}{Path.GetExtension(file)}";
}
