using Reelgate.Core.Billing;
using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Conformance;

/// <summary>Data the contract suites build through the ports only (no provider types).</summary>
internal static class ContractData
{
    public const long Usd = 1_000_000;

    public static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(1);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    /// <summary>A project of that name (created when missing); answers its id.</summary>
    public static async Task<string> ProjectAsync(this StoreHarness store, string name = "acme")
        => (await store.Access.EnsureProjectAsync(name, store.Time.GetUtcNow(), CancellationToken)).ProjectId;

    /// <summary>A hand-built queued job of the project that asks to hold <paramref name="holdMicros"/>.</summary>
    public static Job NewJob(this StoreHarness store, string projectId, long holdMicros, string? callbackUrl = null)
    {
        var job = TestJobs.Queued(store.Time, projectId) with { HoldMicros = holdMicros };
        return callbackUrl is null ? job : job with { Spec = job.Spec with { CallbackUrl = callbackUrl } };
    }

    /// <summary>Creates the job, which must succeed; answers it as stored.</summary>
    public static async Task<Job> CreatedAsync(this IJobStore jobs, Job job)
    {
        var result = await jobs.CreateJobAsync(job, null, CancellationToken);
        Assert.Equal(CreateJobOutcome.Created, result.Outcome);
        return result.Job!;
    }

    /// <summary>Creates the job and leases it (with whatever else is queued) to <paramref name="owner"/>.</summary>
    public static async Task<Job> RunningAsync(this StoreHarness store, Job job, string owner = "node-1")
    {
        await store.Jobs.CreatedAsync(job);
        var claimed = await store.ClaimAsync(owner, 1000);
        var running = Assert.Single(claimed, j => j.Id == job.Id);
        Assert.Equal(owner, running.LeaseOwner);
        return running;
    }

    /// <summary>
    /// Registers <paramref name="owner"/> as a live dispatcher node (or renews its lease) and claims up
    /// to <paramref name="max"/> jobs for it within <paramref name="vendors"/>' capacities.
    /// </summary>
    public static Task<IReadOnlyList<Job>> ClaimAsync(this StoreHarness store, string owner, int max, params VendorCapacity[] vendors)
        => store.Dispatch.ClaimAsync(owner, max, store.Time.GetUtcNow(), vendors);

    /// <summary>As <see cref="ClaimAsync(StoreHarness, string, int, VendorCapacity[])"/>, through one store instance at a given time.</summary>
    public static async Task<IReadOnlyList<Job>> ClaimAsync(this IDispatchStore dispatch, string owner, int max, DateTimeOffset now, params VendorCapacity[] vendors)
    {
        await dispatch.RegisterDispatcherAsync(owner, now, now + LeaseTtl, takeOverOthers: false, CancellationToken);
        return await dispatch.ClaimJobsAsync(new ClaimRequest(owner, max, now, vendors), CancellationToken);
    }

    /// <summary>Every ledger row of the project, newest first, read page by page.</summary>
    public static async Task<List<LedgerEntry>> AllLedgerAsync(this ILedgerStore ledger, string projectId, int pageSize = 50)
    {
        var rows = new List<LedgerEntry>();
        long? before = null;
        while (true)
        {
            var page = await ledger.ListLedgerAsync(projectId, before, pageSize, CancellationToken);
            if (page.Count == 0)
            {
                return rows;
            }

            Assert.True(page.Count <= pageSize);
            rows.AddRange(page);
            before = page[^1].Id;
        }
    }

    /// <summary>Every (not deleted) job of the project, read page by page.</summary>
    public static async Task<List<Job>> AllJobsAsync(this IJobStore jobs, string projectId)
    {
        var all = new List<Job>();
        string? before = null;
        while (true)
        {
            var page = await jobs.ListJobsAsync(projectId, before, 100, CancellationToken);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
            before = page[^1].Id;
        }
    }

    /// <summary>A pending top-up of the project, valid for an hour.</summary>
    public static TopUp NewTopUp(this StoreHarness store, string projectId, long amountMicros, string provider = "manual")
    {
        var now = store.Time.GetUtcNow();
        return new TopUp
        {
            Id = "topup_" + Guid.NewGuid().ToString("N"),
            ProjectId = projectId,
            AmountMicros = amountMicros,
            Provider = provider,
            State = TopUpState.Pending,
            CreatedAt = now,
            ExpiresAt = now + TimeSpan.FromHours(1),
        };
    }

    /// <summary>
    /// What the ledger rows say the account is: balance = grants + top-ups − captures,
    /// held = holds − captures − releases.
    /// </summary>
    public static AccountBalance Sum(IEnumerable<LedgerEntry> rows)
    {
        long balance = 0, held = 0;
        foreach (var row in rows)
        {
            var (balanceDelta, heldDelta) = Delta(row);
            balance += balanceDelta;
            held += heldDelta;
        }

        return new AccountBalance(balance, held);
    }

    public static (long Balance, long Held) Delta(LedgerEntry row) => row.Kind switch
    {
        LedgerKind.Grant or LedgerKind.TopUp => (row.AmountMicros, 0),
        LedgerKind.Hold => (0, row.AmountMicros),
        LedgerKind.Capture => (-row.AmountMicros, -row.AmountMicros),
        LedgerKind.Release => (0, -row.AmountMicros),
        _ => throw new InvalidOperationException($"Unknown ledger kind {row.Kind}."),
    };

    /// <summary>
    /// Asserts that the rows (newest first) chain: oldest to newest, each row's balance/held after
    /// is the previous one's plus its own movement, and the newest one matches <paramref name="balance"/>.
    /// </summary>
    public static void AssertExplains(IReadOnlyList<LedgerEntry> newestFirst, AccountBalance balance)
    {
        Assert.Equal(newestFirst.Select(r => r.Id).OrderDescending(), newestFirst.Select(r => r.Id));
        long runningBalance = 0, runningHeld = 0;
        foreach (var row in newestFirst.Reverse())
        {
            Assert.True(row.AmountMicros > 0, $"ledger row {row.Id} moves {row.AmountMicros}");
            var (balanceDelta, heldDelta) = Delta(row);
            runningBalance += balanceDelta;
            runningHeld += heldDelta;
            Assert.Equal((runningBalance, runningHeld), (row.BalanceAfterMicros, row.HeldAfterMicros));
            Assert.True(runningHeld >= 0, $"held is {runningHeld} after ledger row {row.Id}");
            Assert.True(runningBalance - runningHeld >= 0, $"available is {runningBalance - runningHeld} after ledger row {row.Id}");
        }

        Assert.Equal(balance, Sum(newestFirst));
    }

    /// <summary>A gate that releases every waiting task at once (no thread blocked while waiting).</summary>
    public static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
