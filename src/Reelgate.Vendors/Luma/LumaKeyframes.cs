using System.Text.Json.Serialization;

namespace Reelgate.Vendors.Luma;

/// <summary><c>keyframes</c> of a create: <c>frame0</c> is the first frame (our reference image).</summary>
internal sealed record LumaKeyframes
{
    [JsonPropertyName("frame0")]
    public required LumaImageReference Frame0 { get; init; }
}
