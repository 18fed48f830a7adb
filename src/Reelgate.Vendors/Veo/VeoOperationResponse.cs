namespace Reelgate.Vendors.Veo;

/// <summary>The <c>response</c> of a finished operation (<c>PredictLongRunningResponse</c>).</summary>
internal sealed record VeoOperationResponse
{
    public VeoGenerateVideoResponse? GenerateVideoResponse { get; init; }
}
