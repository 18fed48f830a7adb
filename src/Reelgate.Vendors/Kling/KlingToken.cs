using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Reelgate.Vendors.Kling;

/// <summary>
/// Kling's bearer token: a JWT (RFC 7519, HS256) with <c>iss</c> = access key, <c>exp</c> = now + 30 min
/// and <c>nbf</c> = now − 5 s, signed with the secret key. Built here with HMAC-SHA256 and base64url
/// (no JWT package) and reused until five minutes before it expires, so a request never carries a
/// token that could lapse in flight.
/// </summary>
internal sealed class KlingToken(string accessKey, string secretKey, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan NotBeforeSkew = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    // {"alg":"HS256","typ":"JWT"} never changes.
    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key = Encoding.UTF8.GetBytes(secretKey);
    private readonly Lock _lock = new();
    private string? _token;
    private DateTimeOffset _renewAt;

    /// <summary>The current token, minted anew when none is cached or the cached one is near expiry.</summary>
    public string Get()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_token is null || now >= _renewAt)
            {
                _token = Mint(now);
                _renewAt = now + Lifetime - RenewBefore;
            }

            return _token;
        }
    }

    /// <summary>Drops the cached token (Kling said it is expired or not yet valid: clock skew).</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _token = null;
        }
    }

    private string Mint(DateTimeOffset now)
    {
        var payload = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("iss", accessKey);
            writer.WriteNumber("exp", (now + Lifetime).ToUnixTimeSeconds());
            writer.WriteNumber("nbf", (now - NotBeforeSkew).ToUnixTimeSeconds());
            writer.WriteEndObject();
        }

        var signingInput = Header + "." + Base64Url.EncodeToString(payload.WrittenSpan);
        var signature = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
