using System.Text.Json;

namespace Reelgate.Vendors.Veo;

/// <summary>
/// A <c>google.rpc.Status</c>. In an operation's <c>error</c>, <see cref="Code"/> is the numeric gRPC
/// code; in an HTTP error envelope it is the HTTP status and <see cref="Status"/> names the gRPC code.
/// </summary>
internal sealed record VeoStatus
{
    public int Code { get; init; }
    public string? Message { get; init; }
    public string? Status { get; init; }

    /// <summary>Typed details (<c>@type</c>): <c>google.rpc.RetryInfo</c>, <c>google.rpc.ErrorInfo</c>, …</summary>
    public IReadOnlyList<JsonElement>? Details { get; init; }
}
