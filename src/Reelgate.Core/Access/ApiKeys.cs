using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Reelgate.Core.Access;

/// <summary>
/// API keys are 32 random bytes shown once. Only their SHA-256 is stored: the keys have full
/// entropy, so a fast hash is safe and keeps authentication a single indexed lookup.
/// </summary>
internal static class ApiKeys
{
    public const string Prefix = "rg_pk_";

    public static NewApiKey Create()
    {
        var secret = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var keyId = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return new NewApiKey(keyId, secret, secret[..(Prefix.Length + 6)], Hash(secret));
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

/// <summary>A freshly made key: the secret is only ever in this object and the operator's terminal.</summary>
internal sealed record NewApiKey(string KeyId, string Secret, string DisplayPrefix, string Hash);
