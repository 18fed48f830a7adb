using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Storage.Relational;
using Reelgate.Storage.Sqlite;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Jobs;

/// <summary>The one mechanism by which writes other than generate answer a repeated idempotency key, on a real SQLite store.</summary>
public sealed class IdempotentWritesTests : IAsyncDisposable
{
    private readonly SqliteTestDatabase _db = new();
    private readonly RelationalJobStore _store;
    private int _writes;

    public IdempotentWritesTests()
    {
        _store = new RelationalJobStore(_db.Database, SqliteDialect.Instance, Microsoft.Extensions.Options.Options.Create(new Core.Webhooks.WebhookOptions()));
    }

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task RunAsync_with_a_key_runs_the_write_once_and_replays_its_answer()
    {
        var sut = CreateSut();

        var first = await sut.RunAsync("proj_a", "set_retention", "key-1", "fp-1", StoredAnswerJsonContext.Default.RetentionSet, WriteAsync, CancellationToken);
        var again = await sut.RunAsync("proj_a", "set_retention", "key-1", "fp-1", StoredAnswerJsonContext.Default.RetentionSet, WriteAsync, CancellationToken);

        Assert.Equal(1, _writes);
        Assert.False(first.Value.Replayed);
        Assert.True(again.Value.Replayed);
        Assert.Equal(first.Value.Value, again.Value.Value);
    }

    [Fact]
    public async Task RunAsync_with_a_used_key_and_another_request_is_key_reused_and_writes_nothing()
    {
        var sut = CreateSut();
        await sut.RunAsync("proj_a", "set_retention", "key-1", "fp-1", StoredAnswerJsonContext.Default.RetentionSet, WriteAsync, CancellationToken);

        var other = await sut.RunAsync("proj_a", "set_retention", "key-1", "fp-2", StoredAnswerJsonContext.Default.RetentionSet, WriteAsync, CancellationToken);

        Assert.Equal(ErrorCode.IdempotencyKeyReused, other.Error?.Code);
        Assert.Equal(1, _writes);
    }

    [Fact]
    public async Task RunAsync_without_a_key_always_writes_and_a_failed_write_stores_no_answer()
    {
        var sut = CreateSut();

        await sut.RunAsync("proj_a", "set_retention", null, "fp-1", StoredAnswerJsonContext.Default.RetentionSet, WriteAsync, CancellationToken);
        await sut.RunAsync("proj_a", "set_retention", null, "fp-1", StoredAnswerJsonContext.Default.RetentionSet, WriteAsync, CancellationToken);
        var failed = await sut.RunAsync("proj_a", "set_retention", "key-9", "fp-9", StoredAnswerJsonContext.Default.RetentionSet, () => Task.FromResult<Result<RetentionSet>>(Error.NotFound("vid_x")), CancellationToken);

        Assert.Equal(2, _writes);
        Assert.Equal(ErrorCode.NotFound, failed.Error?.Code);
        Assert.Null(await _store.GetIdempotentResponseAsync("proj_a", "set_retention", "key-9", CancellationToken));
    }

    [Fact]
    public async Task RunAsync_replays_an_answer_an_earlier_version_stored_as_its_wire_body()
    {
        var sut = CreateSut();
        await _store.SaveIdempotentResponseAsync(
            "proj_a", "set_retention", "old-key", new IdempotentResponse("fp-1", 200, """{"job_id":"vid_01m99qd9xve7z9n93qe2zs2cc2","retention_days":7,"expires_at":"2026-12-15T04:00:00.000Z"}"""), _db.Time.GetUtcNow(), CancellationToken);
        await _store.SaveIdempotentResponseAsync("proj_a", "delete", "old-delete", new IdempotentResponse("fp-d", 200, """{"ok":true}"""), _db.Time.GetUtcNow(), CancellationToken);

        var retention = await sut.RunAsync("proj_a", "set_retention", "old-key", "fp-1", StoredAnswerJsonContext.Default.RetentionSet, WriteAsync, CancellationToken);
        var deleted = await sut.RunAsync("proj_a", "delete", "old-delete", "fp-d", StoredAnswerJsonContext.Default.StoredOk, () => Task.FromResult<Result<StoredOk>>(new StoredOk(false)), CancellationToken);

        Assert.Equal(new RetentionSet("vid_01m99qd9xve7z9n93qe2zs2cc2", 7, new DateTimeOffset(2026, 12, 15, 4, 0, 0, TimeSpan.Zero)), retention.Value.Value);
        Assert.True(deleted.Value.Value.Ok);
        Assert.Equal(0, _writes);
    }

    private IdempotentWrites CreateSut() => new(_store, _db.Time);

    private Task<Result<RetentionSet>> WriteAsync()
    {
        _writes++;
        return Task.FromResult<Result<RetentionSet>>(new RetentionSet("vid_01m99qd9xve7z9n93qe2zs2cc2", 7 + _writes, _db.Time.GetUtcNow()));
    }
}
