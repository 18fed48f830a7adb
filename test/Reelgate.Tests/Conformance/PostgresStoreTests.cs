using Microsoft.Extensions.DependencyInjection;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Events;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Storage.Postgres;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Conformance;

/// <summary>What only the PostgreSQL provider promises: several processes on one database.</summary>
public sealed class PostgresStoreTests : StoreContract
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(1);

    private DateTimeOffset Now => Store.Time.GetUtcNow();

    [Fact]
    public async Task Open_of_4_instances_on_an_empty_schema_at_once_applies_each_migration_once()
    {
        var databases = Enumerable.Range(0, 4).Select(_ => Store.OpenInstance().Services.GetRequiredService<PostgresDatabase>()).ToList();
        using var gate = new ManualResetEventSlim();

        var opens = databases.Select(d => Task.Run(
            async () =>
            {
                gate.Wait(CancellationToken);
                await using var connection = await d.OpenAsync(CancellationToken);
            },
            CancellationToken)).ToList();
        gate.Set();
        await Task.WhenAll(opens);

        var migrations = PostgresDatabase.LoadMigrations().ToList();
        Assert.NotEmpty(migrations);
        Assert.Equal(migrations.Count, await Store.ScalarAsync("SELECT COUNT(*) FROM schema_migrations", CancellationToken));
        Assert.Equal(migrations.Count, await Store.ScalarAsync("SELECT COUNT(DISTINCT version) FROM schema_migrations", CancellationToken));
        Assert.Equal(migrations.Max(m => m.Version), await Store.ScalarAsync("SELECT MAX(version) FROM schema_migrations", CancellationToken));
    }

    [Fact]
    public async Task ClaimJobs_from_4_instances_in_parallel_takes_every_job_exactly_once()
    {
        var jobs = new List<Job>();
        for (var i = 0; i < 60; i++)
        {
            var job = TestJobs.Queued(Store.Time);
            await Store.Jobs.CreateJobAsync(job, null, CancellationToken);
            jobs.Add(job);
            Store.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var nodes = Enumerable.Range(1, 4).Select(n => (Owner: $"node-{n}", Store: Store.OpenInstance().Dispatch)).ToList();
        var now = Now;
        using var gate = new ManualResetEventSlim();

        var claims = nodes.Select(node => Task.Run(
            async () =>
            {
                gate.Wait(CancellationToken);
                var taken = new List<(string Owner, Job Job)>();
                for (var round = 0; round < 10; round++)
                {
                    taken.AddRange((await node.Store.ClaimAsync(node.Owner, 3, now)).Select(j => (node.Owner, j)));
                }

                return taken;
            },
            CancellationToken)).ToList();
        gate.Set();
        var taken = (await Task.WhenAll(claims)).SelectMany(t => t).ToList();

        Assert.Equal(jobs.Select(j => j.Id).Order(StringComparer.Ordinal), taken.Select(t => t.Job.Id).Order(StringComparer.Ordinal));
        foreach (var (owner, job) in taken)
        {
            Assert.Equal(owner, job.LeaseOwner);
            Assert.Equal(owner, (await Store.Jobs.FindJobAsync(job.Id, CancellationToken))?.LeaseOwner);
        }
    }

    [Fact]
    public async Task A_job_change_through_one_instance_wakes_a_waiter_on_another_instance()
    {
        var job = TestJobs.Queued(Store.Time);
        await Store.Jobs.CreateJobAsync(job, null, CancellationToken);
        await WithListeningInstanceAsync(async other =>
        {
            using var subscription = other.Services.GetRequiredService<JobEventHub>().Subscribe(job.Id);

            var canceled = await Store.Jobs.CancelJobAsync(job.ProjectId, job.Id, Now, CancellationToken);
            var woken = await subscription.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken);

            Assert.Equal(CancelJobOutcome.Canceled, canceled.Outcome);
            Assert.True(woken);
        });
    }

    [Fact]
    public async Task A_listener_whose_connection_dies_reconnects_and_wakes_waiters_for_what_it_missed()
    {
        var harness = Assert.IsType<PostgresStoreHarness>(Store);
        var job = TestJobs.Queued(Store.Time);
        await Store.Jobs.CreateJobAsync(job, null, CancellationToken);
        await WithListeningInstanceAsync(async other =>
        {
            using var subscription = other.Services.GetRequiredService<JobEventHub>().Subscribe(job.Id);

            // The listener's session dies; the change below is committed while nobody listens.
            Assert.Equal(1, await harness.TerminateSessionsAsync("LISTEN", CancellationToken));
            await Store.Jobs.CancelJobAsync(job.ProjectId, job.Id, Now, CancellationToken);

            // It retries after its backoff (on the test clock), listens again and wakes every waiter.
            var woken = false;
            for (var step = 0; step < 100 && !woken; step++)
            {
                Store.Time.Advance(TimeSpan.FromSeconds(1));
                woken = await subscription.WaitAsync(TimeSpan.FromMilliseconds(100), CancellationToken);
            }

            Assert.True(woken, "the waiter never learned of the change made while the listener was down");
        });
    }

    [Fact]
    public async Task CreateJob_through_one_instance_wakes_the_dispatcher_of_another_instance()
    {
        await WithListeningInstanceAsync(async other =>
        {
            var signal = other.Services.GetRequiredService<DispatchSignal>();
            while (await signal.WaitAsync(TimeSpan.Zero, CancellationToken))
            {
                // Drain a wake-up left from before the change.
            }

            await Store.Jobs.CreateJobAsync(TestJobs.Queued(Store.Time), null, CancellationToken);
            var woken = await signal.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken);

            Assert.True(woken);
        });
    }

    [Fact]
    public async Task A_rolled_back_or_unchanged_job_wakes_no_waiter_on_another_instance()
    {
        var job = TestJobs.Queued(Store.Time);
        await Store.Jobs.CreateJobAsync(job, null, CancellationToken);
        await Store.Jobs.CancelJobAsync(job.ProjectId, job.Id, Now, CancellationToken);
        await WithListeningInstanceAsync(async other =>
        {
            using var subscription = other.Services.GetRequiredService<JobEventHub>().Subscribe(job.Id);

            var again = await Store.Jobs.CancelJobAsync(job.ProjectId, job.Id, Now, CancellationToken);
            var woken = await subscription.WaitAsync(TimeSpan.FromMilliseconds(500), CancellationToken);

            Assert.Equal(CancelJobOutcome.AlreadyTerminal, again.Outcome);
            Assert.False(woken);
        });
    }

    [Fact]
    public async Task ClaimJobs_skips_a_job_another_transaction_is_changing_and_a_later_claim_takes_it()
    {
        var jobs = new List<Job>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await Store.Jobs.CreatedAsync(TestJobs.Queued(Store.Time)));
            Store.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var harness = Assert.IsType<PostgresStoreHarness>(Store);
        await using var other = new Npgsql.NpgsqlConnection(harness.ConnectionString);
        await other.OpenAsync(CancellationToken);
        await using var changing = await other.BeginTransactionAsync(CancellationToken);
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT id FROM jobs WHERE id = $1 FOR UPDATE", other, changing))
        {
            lockRow.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = jobs[1].Id });
            await lockRow.ExecuteScalarAsync(CancellationToken);
        }

        // The claim neither waits for the row nor takes it.
        var first = await Store.ClaimAsync("node-1", 10).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken);
        await changing.RollbackAsync(CancellationToken);
        var second = await Store.ClaimAsync("node-1", 10);

        Assert.Equal([jobs[0].Id, jobs[2].Id], first.Select(j => j.Id));
        Assert.Equal(jobs[1].Id, Assert.Single(second).Id);
    }

    protected override ValueTask<StoreHarness> CreateHarnessAsync() => PostgresStoreHarness.CreateAsync();

    /// <summary>Runs <paramref name="test"/> with a second instance whose LISTEN connection is in place.</summary>
    private async Task WithListeningInstanceAsync(Func<StoreInstance, Task> test)
    {
        var other = Store.OpenInstance();
        var listener = other.Services.GetRequiredService<PostgresJobEventListener>();
        await listener.StartAsync(CancellationToken);
        try
        {
            await listener.Listening.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken);
            await test(other);
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }
}
