using System.ComponentModel.DataAnnotations;

namespace Reelgate.Server.Files;

/// <summary>Signed file URL settings, bound from <c>Reelgate:Files</c>.</summary>
internal sealed class FileSigningOptions : IValidatableObject
{
    /// <summary>Shorter HMAC keys are refused: a guessable key lets anyone mint file links.</summary>
    public const int MinSigningKeyBytes = 32;

    public const string SectionName = "Reelgate:Files";

    /// <summary>
    /// Base64 HMAC key for file URLs. When empty, a random key is created once in the data directory
    /// (<c>signing.key</c>); set it explicitly when several nodes serve the same files.
    /// </summary>
    /// <value>The default value is empty.</value>
    public string? SigningKey { get; set; }

    /// <summary>Lifetime of <c>video_url</c>/<c>thumbnail_url</c>.</summary>
    /// <value>The default value is 1 hour.</value>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Base URL put in front of file links (e.g. <c>https://video.example.com</c>); when empty, the request's own scheme and host.</summary>
    /// <value>The default value is empty.</value>
    public string? PublicBaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(SigningKey))
        {
            yield break;
        }

        var key = new byte[SigningKey.Length];
        if (!Convert.TryFromBase64String(SigningKey, key, out var length) || length < MinSigningKeyBytes)
        {
            yield return new ValidationResult(
                $"Reelgate:Files:SigningKey must be base64 of at least {MinSigningKeyBytes} random bytes (e.g. `openssl rand -base64 32`).",
                [nameof(SigningKey)]);
        }
    }
}
