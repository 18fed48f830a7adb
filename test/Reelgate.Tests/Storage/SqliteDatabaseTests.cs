using Reelgate.Storage.Relational;
using Reelgate.Storage.Sqlite;

namespace Reelgate.Tests.Storage;

public sealed class SqliteDatabaseTests : IAsyncDisposable
{
    private readonly SqliteTestDatabase _db = new();

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Open_applies_every_migration_once_and_a_second_instance_reuses_the_file()
    {
        var sut = CreateSut();
        var job = TestJobs.Queued(_db.Time);
        await sut.CreateJobAsync(job, null, CancellationToken);

        var reopened = new RelationalJobStore(_db.Open(), SqliteDialect.Instance, Microsoft.Extensions.Options.Options.Create(new Reelgate.Core.Webhooks.WebhookOptions()));
        var found = await reopened.GetJobAsync(job.ProjectId, job.Id, CancellationToken);

        var migrations = SqliteDatabase.LoadMigrations().ToList();
        Assert.NotEmpty(migrations);
        Assert.NotNull(found);
        Assert.Equal(migrations.Count, await _db.ScalarAsync("SELECT COUNT(*) FROM schema_migrations", CancellationToken));
        Assert.Equal(migrations.Count, await _db.ScalarAsync("SELECT COUNT(DISTINCT version) FROM schema_migrations", CancellationToken));
        Assert.Equal(migrations.Max(m => m.Version), await _db.ScalarAsync("SELECT MAX(version) FROM schema_migrations", CancellationToken));
    }

    [Fact]
    public async Task Open_of_many_instances_at_once_applies_each_migration_once()
    {
        var databases = Enumerable.Range(0, 5).Select(_ => _db.Open()).ToList();

        await Task.WhenAll(databases.Select(d => Task.Run(
            async () =>
            {
                await using var connection = await d.OpenAsync(CancellationToken);
            },
            CancellationToken)));

        Assert.Equal(SqliteDatabase.LoadMigrations().Count(), await _db.ScalarAsync("SELECT COUNT(*) FROM schema_migrations", CancellationToken));
    }

    [Fact]
    public async Task Open_puts_the_file_in_wal_mode()
    {
        var sut = CreateSut();
        await sut.ListJobsAsync("proj_a", null, 1, CancellationToken);

        await using var connection = await _db.Database.OpenAsync(CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        var mode = (string?)await command.ExecuteScalarAsync(CancellationToken);

        Assert.Equal("wal", mode);
        Assert.StartsWith(_db.Directory.Path, _db.Database.FilePath, StringComparison.Ordinal);
    }

    private RelationalJobStore CreateSut() => new(_db.Database, SqliteDialect.Instance, Microsoft.Extensions.Options.Options.Create(new Reelgate.Core.Webhooks.WebhookOptions()));
}
