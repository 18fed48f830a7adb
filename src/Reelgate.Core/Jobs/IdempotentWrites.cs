using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Reelgate.Core.Ports;

namespace Reelgate.Core.Jobs;

/// <summary>
/// How a write other than <c>generate</c> answers a repeated idempotency key (DESIGN §2): the same key
/// and request answer the stored first answer, marked replayed; the same key with another request is
/// <see cref="ErrorCode.IdempotencyKeyReused"/>. Concurrent duplicates both run the write, which is
/// idempotent itself (delete, set retention), and the first answer stored is the one every caller gets.
/// <c>generate</c> records its key in the transaction that creates the job and holds its credit
/// (<see cref="IJobStore.CreateJobAsync"/>), so a duplicate never creates a second job.
/// </summary>
public sealed class IdempotentWrites(IJobStore store, TimeProvider time)
{
    public async Task<Result<Replayable<T>>> RunAsync<T>(
        string projectId,
        string operation,
        string? key,
        string fingerprint,
        JsonTypeInfo<T> answer,
        Func<Task<Result<T>>> write,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (key is not null && await store.GetIdempotentResponseAsync(projectId, operation, key, cancellationToken) is { } stored)
        {
            return Replay(stored, fingerprint, answer);
        }

        var result = await write();
        if (result.Error is { } error)
        {
            return error;
        }

        if (key is null)
        {
            return new Replayable<T>(result.Value!, Replayed: false);
        }

        var saved = await store.SaveIdempotentResponseAsync(
            projectId, operation, key, new IdempotentResponse(fingerprint, 200, JsonSerializer.Serialize(result.Value!, answer)), time.GetUtcNow(), cancellationToken);
        return new Replayable<T>(JsonSerializer.Deserialize(saved.Body, answer)!, Replayed: false);
    }

    private static Result<Replayable<T>> Replay<T>(IdempotentResponse stored, string fingerprint, JsonTypeInfo<T> answer)
        => string.Equals(stored.RequestHash, fingerprint, StringComparison.Ordinal)
            ? new Replayable<T>(JsonSerializer.Deserialize(stored.Body, answer)!, Replayed: true)
            : new Error(ErrorCode.IdempotencyKeyReused, "This idempotency key was already used with a different request; use a new key for a new request.");
}
