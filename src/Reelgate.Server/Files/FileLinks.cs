using System.Globalization;
using Microsoft.Extensions.Options;

namespace Reelgate.Server.Files;

/// <summary>Issues signed gateway URLs for a job's files; fresh on every read (DESIGN §2).</summary>
internal sealed class FileLinks(UrlSigner signer, IOptions<FileSigningOptions> options, TimeProvider time)
{
    public const string Video = "video.mp4";
    public const string Thumbnail = "thumbnail.jpg";

    public TimeSpan DefaultLifetime => options.Value.UrlLifetime;

    public (string Url, DateTimeOffset ExpiresAt) Issue(HttpRequest request, string jobId, string file, TimeSpan lifetime, bool download)
        => Issue(BaseUrlOf(request), jobId, file, lifetime, download);

    /// <summary>Links are relative to the configured public URL, else to the host the caller used.</summary>
    public string BaseUrlOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return options.Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    public (string Url, DateTimeOffset ExpiresAt) Issue(string baseUrl, string jobId, string file, TimeSpan lifetime, bool download)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        var exp = expiresAt.ToUnixTimeSeconds();
        var signature = signer.Sign(jobId, file, exp, download);
        var url = string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/v1/files/{jobId}/{file}?exp={exp}&sig={signature}{(download ? "&download=1" : string.Empty)}");
        return (url, expiresAt);
    }
}
