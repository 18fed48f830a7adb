namespace Reelgate.Vendors.Veo;

internal sealed record VeoImage
{
    public required string BytesBase64Encoded { get; init; }
    public required string MimeType { get; init; }
}
