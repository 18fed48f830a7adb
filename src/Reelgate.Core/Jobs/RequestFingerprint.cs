using System.Security.Cryptography;
using System.Text;

namespace Reelgate.Core.Jobs;

/// <summary>
/// A hash of what a request means (after defaults), so that a retry with the same idempotency key
/// is recognised even when the JSON differs in key order, spacing or an explicit default.
/// </summary>
internal static class RequestFingerprint
{
    public static string Of(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var sb = new StringBuilder();
        Field(sb, spec.Prompt);
        Field(sb, spec.ReferenceImageUrl);
        Field(sb, spec.DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(sb, spec.Aspect.Name());
        Field(sb, spec.Resolution.Name());
        Field(sb, spec.Prefer.Name());
        Field(sb, spec.VendorPin);
        Field(sb, spec.ModelPin);
        Field(sb, spec.CallbackUrl);
        foreach (var (key, value) in spec.Metadata ?? new Dictionary<string, string>())
        {
            Field(sb, key);
            Field(sb, value);
        }

        return Hash(sb.ToString());
    }

    public static string Of(params string?[] parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            Field(sb, part);
        }

        return Hash(sb.ToString());
    }

    // Length-prefixed fields so that no two different requests serialise alike.
    private static void Field(StringBuilder sb, string? value)
        => sb.Append(value is null ? "-1" : value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');

    private static string Hash(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
}
