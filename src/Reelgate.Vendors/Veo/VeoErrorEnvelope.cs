namespace Reelgate.Vendors.Veo;

/// <summary>The body of a non-2xx answer: <c>{"error": {code, message, status, details}}</c>.</summary>
internal sealed record VeoErrorEnvelope
{
    public VeoStatus? Error { get; init; }
}
