using Reelgate.Core.Dispatching;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.Tests.Storage;

namespace Reelgate.Tests.Conformance;

/// <summary>What the job-store contract suites share: the clock, and jobs made through the ports.</summary>
public abstract class JobContractBase : StoreContract
{
    protected static readonly TimeSpan LeaseTtl = ContractData.LeaseTtl;

    protected DateTimeOffset Now => Store.Time.GetUtcNow();

    protected static VendorCapacity Deployment(string vendor, int limit) => new(vendor, limit, ConcurrencyScope.Deployment);

    protected static long SlotsInUse(JobQueue queue, string vendor) => queue.Vendors.SingleOrDefault(v => v.Vendor == vendor)?.InUse ?? 0;

    protected async Task<List<Job>> CreateJobsAsync(IJobStore sut, int count, string projectId = "proj_a", int retentionDays = 30, IReadOnlyList<ModelRef>? plan = null)
    {
        var jobs = new List<Job>();
        for (var i = 0; i < count; i++)
        {
            var job = TestJobs.Queued(Store.Time, projectId, retentionDays: retentionDays);
            job = plan is null ? job : job with { Plan = plan };
            await sut.CreateJobAsync(job, null, CancellationToken);
            jobs.Add(job);
            Store.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return jobs;
    }

    protected async Task<Job> CreateSucceededAsync(IJobStore sut)
    {
        var job = Assert.Single(await CreateJobsAsync(sut, 1));
        Assert.Single(await Store.ClaimAsync("node-1", 1));
        Assert.True(await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 100_000, Now, CancellationToken));
        return job;
    }
}
