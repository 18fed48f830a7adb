namespace Reelgate.Vendors.Runway;

/// <summary>Runway's answer to a create: the task id to poll.</summary>
internal sealed record RunwayTaskCreated
{
    public string? Id { get; init; }
}
