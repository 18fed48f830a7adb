namespace Reelgate.Bench.Capacity.Stub;

/// <summary>One create the stub received: when (a <see cref="System.Diagnostics.Stopwatch"/> timestamp of this process) and the prompt, which carries the bench's marker.</summary>
internal sealed record StubCreate(string TaskId, long ArrivedAt, string Prompt);
