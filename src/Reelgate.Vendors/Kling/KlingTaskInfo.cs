namespace Reelgate.Vendors.Kling;

/// <summary>What Kling echoes of the create: our <c>external_task_id</c>.</summary>
internal sealed record KlingTaskInfo
{
    public string? ExternalTaskId { get; init; }
}
