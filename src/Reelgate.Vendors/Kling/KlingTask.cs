using System.Text.Json;

namespace Reelgate.Vendors.Kling;

/// <summary>A video task as create and query answer it.</summary>
internal sealed record KlingTask
{
    public string? TaskId { get; init; }

    /// <summary><c>submitted</c>, <c>processing</c>, then <c>succeed</c> or <c>failed</c>.</summary>
    public string? TaskStatus { get; init; }

    /// <summary>Why a task failed.</summary>
    public string? TaskStatusMsg { get; init; }

    public KlingTaskInfo? TaskInfo { get; init; }

    public KlingTaskResult? TaskResult { get; init; }

    /// <summary>Units charged (documented as a string; kept raw, it is only logged for reconciliation).</summary>
    public JsonElement? FinalUnitDeduction { get; init; }
}
