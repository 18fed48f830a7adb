namespace Reelgate.Vendors.Kling;

/// <summary>
/// Every Kling answer, success or error, with any HTTP status: <c>{code, message, request_id, data}</c>.
/// <c>code</c> 0 is success; anything else is an error whatever the status said.
/// </summary>
internal sealed record KlingEnvelope
{
    public int Code { get; init; }

    public string? Message { get; init; }

    public string? RequestId { get; init; }

    /// <summary>The task, on create and query answers.</summary>
    public KlingTask? Data { get; init; }
}
