namespace Reelgate.Vendors.Veo;

/// <summary>A generated video: a download link (<c>…/files/{id}:download?alt=media</c>, needs the API key) or inline bytes.</summary>
internal sealed record VeoVideo
{
    public string? Uri { get; init; }

    /// <summary>Base64 bytes, when Google answers inline instead of with a link.</summary>
    public string? EncodedVideo { get; init; }

    /// <summary>The MIME type of <see cref="EncodedVideo"/>.</summary>
    public string? Encoding { get; init; }
}
