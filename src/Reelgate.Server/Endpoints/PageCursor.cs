using System.Buffers.Text;
using System.Text;
using Reelgate.Core.Jobs;

namespace Reelgate.Server.Endpoints;

/// <summary>The opaque <c>next_cursor</c>: the last job id of the page, versioned and base64url-encoded.</summary>
internal static class PageCursor
{
    private const string Version = "v1:";

    public static string Encode(string lastJobId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + lastJobId));

    public static bool TryDecode(string cursor, out string? jobId)
    {
        jobId = null;
        Span<byte> bytes = stackalloc byte[64];

        // IsValid first: TryDecodeFromChars throws (rather than answering false) on some malformed input.
        if (cursor.Length is 0 or > 64 || !Base64Url.IsValid(cursor) || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes[..written]);
        if (!text.StartsWith(Version, StringComparison.Ordinal) || !JobId.IsWellFormed(text.AsSpan(Version.Length)))
        {
            return false;
        }

        jobId = text[Version.Length..];
        return true;
    }
}
