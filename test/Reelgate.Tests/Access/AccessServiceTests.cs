using System.Text;
using Microsoft.Extensions.Options;
using Reelgate.Core.Access;
using Reelgate.Core.Billing;
using Reelgate.Storage.Relational;
using Reelgate.Storage.Sqlite;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Access;

public sealed class AccessServiceTests : IAsyncDisposable
{
    private readonly SqliteTestDatabase _db = new();

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task CreateKey_returns_an_rg_pk_secret_that_authenticates_to_its_project()
    {
        var sut = CreateSut();

        var (record, secret) = await sut.CreateKeyAsync("acme", CancellationToken);
        var project = await sut.AuthenticateAsync(secret, CancellationToken);

        Assert.StartsWith("rg_pk_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= "rg_pk_".Length + 43, secret);
        Assert.StartsWith(record.Prefix, secret, StringComparison.Ordinal);
        Assert.True(record.Prefix.Length < secret.Length);
        Assert.Equal("acme", record.ProjectName);
        Assert.Equal(record.ProjectId, project);
    }

    [Fact]
    public async Task CreateKey_stores_only_the_hash_of_the_secret()
    {
        var sut = CreateSut();

        var (record, secret) = await sut.CreateKeyAsync("acme", CancellationToken);

        var cells = await ReadAllCellsAsync("api_keys");
        Assert.Contains(ApiKeys.Hash(secret), cells);
        Assert.Equal(ApiKeys.Hash(secret), record.Hash);
        Assert.NotEqual(secret, record.Hash);
        Assert.DoesNotContain(cells, cell => cell.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(cells, cell => cell.Contains(secret["rg_pk_".Length..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateKey_writes_the_secret_to_no_file_of_the_data_directory()
    {
        var sut = CreateSut();

        var (_, secret) = await sut.CreateKeyAsync("acme", CancellationToken);

        var secretBytes = Encoding.UTF8.GetBytes(secret["rg_pk_".Length..]);
        var files = Directory.EnumerateFiles(_db.Directory.Path, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, CancellationToken);
            Assert.True(buffer.ToArray().AsSpan().IndexOf(secretBytes) < 0, $"The secret is in {file}.");
        }
    }

    [Fact]
    public async Task AuthenticateAsync_of_a_revoked_key_is_null_at_once()
    {
        var sut = CreateSut();
        var (record, secret) = await sut.CreateKeyAsync("acme", CancellationToken);
        Assert.NotNull(await sut.AuthenticateAsync(secret, CancellationToken));

        var revoked = await sut.RevokeKeyAsync(record.KeyId, CancellationToken);
        var project = await sut.AuthenticateAsync(secret, CancellationToken);

        Assert.True(revoked);
        Assert.Null(project);
    }

    [Fact]
    public async Task RevokeKeyAsync_of_a_revoked_or_unknown_key_is_false()
    {
        var sut = CreateSut();
        var (record, _) = await sut.CreateKeyAsync("acme", CancellationToken);
        await sut.RevokeKeyAsync(record.KeyId, CancellationToken);

        var again = await sut.RevokeKeyAsync(record.KeyId, CancellationToken);
        var unknown = await sut.RevokeKeyAsync("key_0000000000000000", CancellationToken);

        Assert.False(again);
        Assert.False(unknown);
    }

    [Fact]
    public async Task RevokeKeyAsync_leaves_the_projects_other_keys_working()
    {
        var sut = CreateSut();
        var (first, _) = await sut.CreateKeyAsync("acme", CancellationToken);
        var (second, secondSecret) = await sut.CreateKeyAsync("acme", CancellationToken);

        await sut.RevokeKeyAsync(first.KeyId, CancellationToken);
        var project = await sut.AuthenticateAsync(secondSecret, CancellationToken);

        Assert.Equal(second.ProjectId, project);
    }

    [Fact]
    public async Task AuthenticateAsync_of_a_wrong_key_is_null()
    {
        var sut = CreateSut();
        var (record, secret) = await sut.CreateKeyAsync("acme", CancellationToken);
        var tampered = secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A');

        Assert.Null(await sut.AuthenticateAsync(tampered, CancellationToken));
        Assert.Null(await sut.AuthenticateAsync(ApiKeys.Create().Secret, CancellationToken));
        Assert.Null(await sut.AuthenticateAsync(record.Hash, CancellationToken));
        Assert.Null(await sut.AuthenticateAsync("rg_pk_" + record.Hash, CancellationToken));
        Assert.Null(await sut.AuthenticateAsync(record.Prefix, CancellationToken));
        Assert.Null(await sut.AuthenticateAsync(secret.ToUpperInvariant(), CancellationToken));
        Assert.Null(await sut.AuthenticateAsync(string.Empty, CancellationToken));
    }

    [Fact]
    public async Task CreateKey_twice_for_one_project_name_shares_the_project()
    {
        var sut = CreateSut();

        var (first, firstSecret) = await sut.CreateKeyAsync("acme", CancellationToken);
        var (second, secondSecret) = await sut.CreateKeyAsync(" acme ", CancellationToken);
        var (other, _) = await sut.CreateKeyAsync("globex", CancellationToken);

        Assert.Equal(first.ProjectId, second.ProjectId);
        Assert.NotEqual(first.KeyId, second.KeyId);
        Assert.NotEqual(firstSecret, secondSecret);
        Assert.NotEqual(first.ProjectId, other.ProjectId);
        Assert.Equal(first.ProjectId, await sut.AuthenticateAsync(secondSecret, CancellationToken));
        Assert.Equal(2, await _db.ScalarAsync("SELECT COUNT(*) FROM projects", CancellationToken));
    }

    [Fact]
    public async Task ListKeysAsync_shows_every_key_with_its_project_and_revocation()
    {
        var sut = CreateSut();
        var (first, _) = await sut.CreateKeyAsync("acme", CancellationToken);
        var (second, _) = await sut.CreateKeyAsync("globex", CancellationToken);
        await sut.RevokeKeyAsync(first.KeyId, CancellationToken);

        var keys = await sut.ListKeysAsync(CancellationToken);

        Assert.Equal(2, keys.Count);
        var listedFirst = Assert.Single(keys, k => k.KeyId == first.KeyId);
        var listedSecond = Assert.Single(keys, k => k.KeyId == second.KeyId);
        Assert.Equal("acme", listedFirst.ProjectName);
        Assert.Equal(_db.Time.GetUtcNow(), listedFirst.RevokedAt);
        Assert.Equal("globex", listedSecond.ProjectName);
        Assert.Null(listedSecond.RevokedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateKey_for_a_blank_project_name_throws(string name)
    {
        var sut = CreateSut();

        await Assert.ThrowsAsync<ArgumentException>(() => sut.CreateKeyAsync(name, CancellationToken));
    }

    [Fact]
    public async Task CreateKey_grants_the_sign_up_credit_once_per_new_project()
    {
        var ledger = new RelationalLedgerStore(_db.Database, SqliteDialect.Instance);
        var sut = CreateSut(new BillingOptions { InitialGrantUsd = 2m });

        var (first, _) = await sut.CreateKeyAsync("credited", CancellationToken);
        await sut.CreateKeyAsync("credited", CancellationToken);

        var balance = await ledger.GetBalanceAsync(first.ProjectId, CancellationToken);
        Assert.Equal(2_000_000, balance.BalanceMicros);
        Assert.Single(await ledger.ListLedgerAsync(first.ProjectId, null, 10, CancellationToken));
    }

    private AccessService CreateSut(BillingOptions? billing = null)
        => new(new RelationalAccessStore(_db.Database), new RelationalLedgerStore(_db.Database, SqliteDialect.Instance), Options.Create(billing ?? new BillingOptions()), _db.Time);

    private async Task<List<string>> ReadAllCellsAsync(string table)
    {
        await using var connection = await _db.Database.OpenAsync(CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM " + table;
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        var cells = new List<string>();
        while (await reader.ReadAsync(CancellationToken))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells.Add(reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!);
            }
        }

        Assert.NotEmpty(cells);
        return cells;
    }
}
