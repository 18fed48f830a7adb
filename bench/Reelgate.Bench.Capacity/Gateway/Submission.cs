namespace Reelgate.Bench.Capacity.Gateway;

/// <summary>
/// One accepted <c>generate</c>: the job id, the prompt's marker (which the stub's create log shows),
/// and when the request was sent and answered (<see cref="System.Diagnostics.Stopwatch"/> timestamps
/// of this process, comparable with the stub's), plus the send time in UTC for the gateway's own times.
/// </summary>
internal sealed record Submission(string JobId, string Marker, long SentAt, long AcceptedAt, DateTimeOffset SentUtc);
