namespace Reelgate.Vendors.Veo;

/// <summary>
/// A Google long-running operation. Running while <see cref="Done"/> is false or absent; once done it
/// carries exactly one of <see cref="Error"/> or <see cref="Response"/>.
/// </summary>
internal sealed record VeoOperation
{
    /// <summary><c>models/{model}/operations/{id}</c>: the path to poll, and our vendor job id.</summary>
    public string? Name { get; init; }
    public bool? Done { get; init; }
    public VeoStatus? Error { get; init; }
    public VeoOperationResponse? Response { get; init; }
}
