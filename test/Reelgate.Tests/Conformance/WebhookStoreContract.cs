using Reelgate.Core.Jobs;
using Reelgate.Core.Webhooks;
using Reelgate.Tests.Storage;
using static Reelgate.Tests.Conformance.ContractData;

namespace Reelgate.Tests.Conformance;

public abstract class WebhookStoreContract : StoreContract
{
    private const string Endpoint = "https://hooks.example.com/reelgate";
    private const string Callback = "https://app.example.com/callback";
    private static readonly TimeSpan DeliveryLease = TimeSpan.FromSeconds(30);

    private DateTimeOffset Now => Store.Time.GetUtcNow();

    /// <summary>A project with its endpoint set.</summary>
    private async Task<string> HookedProjectAsync(string name = "acme")
    {
        var project = await Store.ProjectAsync(name);
        await Store.Webhooks.SetProjectWebhookAsync(project, Endpoint, CancellationToken);
        return project;
    }

    /// <summary>A job of the project that ran and succeeded (one video.succeeded delivery per URL).</summary>
    private async Task<Job> SucceededJobAsync(string projectId, string? callbackUrl = null)
    {
        var job = await Store.RunningAsync(Store.NewJob(projectId, 0, callbackUrl));
        Assert.True(await Store.Dispatch.CompleteSucceededAsync(job.Id, "node-1", TestJobs.Artifacts(job), 0, Now, CancellationToken));
        return job;
    }

    private Task<IReadOnlyList<WebhookDelivery>> ClaimAsync(string owner, int max = 100, IWebhookStore? store = null)
        => (store ?? Store.Webhooks).ClaimDueAsync(owner, max, Now, Now + DeliveryLease, CancellationToken);

    // ---- project endpoint and secret ----

    [Fact]
    public async Task GetProjectWebhook_of_a_new_project_has_no_url_and_no_secret()
    {
        var project = await Store.ProjectAsync();

        Assert.Equal(new ProjectWebhook(null, null), await Store.Webhooks.GetProjectWebhookAsync(project, CancellationToken));
    }

    [Fact]
    public async Task SetProjectWebhook_sets_and_clears_the_url_and_creates_the_secret_once()
    {
        var project = await Store.ProjectAsync();

        var set = await Store.Webhooks.SetProjectWebhookAsync(project, Endpoint, CancellationToken);
        var changed = await Store.OpenInstance().Webhooks.SetProjectWebhookAsync(project, "https://other.example.com/hook", CancellationToken);
        var cleared = await Store.Webhooks.SetProjectWebhookAsync(project, null, CancellationToken);

        Assert.Equal(Endpoint, set.Url);
        Assert.False(string.IsNullOrEmpty(set.Secret));
        Assert.Equal(new ProjectWebhook("https://other.example.com/hook", set.Secret), changed);
        Assert.Equal(new ProjectWebhook(null, set.Secret), cleared);
        Assert.Equal(cleared, await Store.OpenInstance().Webhooks.GetProjectWebhookAsync(project, CancellationToken));
    }

    [Fact]
    public async Task SetProjectWebhook_is_per_project()
    {
        var acme = await HookedProjectAsync("acme");
        var other = await HookedProjectAsync("other");
        var quiet = await Store.ProjectAsync("quiet");

        var acmeHook = await Store.Webhooks.GetProjectWebhookAsync(acme, CancellationToken);
        var otherHook = await Store.Webhooks.GetProjectWebhookAsync(other, CancellationToken);

        Assert.NotEqual(acmeHook.Secret, otherHook.Secret);
        Assert.Equal(new ProjectWebhook(null, null), await Store.Webhooks.GetProjectWebhookAsync(quiet, CancellationToken));
    }

    [Fact]
    public async Task RotateSecret_replaces_the_secret_and_keeps_the_url()
    {
        var project = await HookedProjectAsync();
        var before = await Store.Webhooks.GetProjectWebhookAsync(project, CancellationToken);

        var rotated = await Store.OpenInstance().Webhooks.RotateSecretAsync(project, CancellationToken);
        var rotatedAgain = await Store.Webhooks.RotateSecretAsync(project, CancellationToken);

        Assert.Equal(Endpoint, rotated.Url);
        Assert.False(string.IsNullOrEmpty(rotated.Secret));
        Assert.NotEqual(before.Secret, rotated.Secret);
        Assert.NotEqual(rotated.Secret, rotatedAgain.Secret);
        Assert.Equal(rotatedAgain, await Store.Webhooks.GetProjectWebhookAsync(project, CancellationToken));
    }

    [Fact]
    public async Task EnsureSecret_creates_the_secret_once_and_answers_it_every_time()
    {
        var project = await Store.ProjectAsync();

        var created = await Store.Webhooks.EnsureSecretAsync(project, CancellationToken);
        var again = await Store.OpenInstance().Webhooks.EnsureSecretAsync(project, CancellationToken);
        var set = await Store.Webhooks.SetProjectWebhookAsync(project, Endpoint, CancellationToken);

        Assert.False(string.IsNullOrEmpty(created));
        Assert.Equal(created, again);
        Assert.Equal(new ProjectWebhook(Endpoint, created), set);

        var rotated = await Store.Webhooks.RotateSecretAsync(project, CancellationToken);
        Assert.Equal(rotated.Secret, await Store.Webhooks.EnsureSecretAsync(project, CancellationToken));
    }

    [Fact]
    public async Task EnsureSecret_from_two_instances_concurrently_agrees_on_one_secret()
    {
        var project = await Store.ProjectAsync();
        var instances = new[] { Store.Primary, Store.OpenInstance() };
        var gate = NewGate();

        var calls = Enumerable.Range(0, 20).Select(i => Task.Run(
            async () =>
            {
                await gate.Task;
                return await instances[i % 2].Webhooks.EnsureSecretAsync(project, CancellationToken);
            },
            CancellationToken)).ToList();
        gate.SetResult();
        var secrets = await Task.WhenAll(calls);

        var secret = Assert.Single(secrets.Distinct(StringComparer.Ordinal));
        Assert.Equal(new ProjectWebhook(null, secret), await Store.Webhooks.GetProjectWebhookAsync(project, CancellationToken));
    }

    // ---- the outbox ----

    [Fact]
    public async Task Terminal_transitions_enqueue_a_delivery_to_the_project_endpoint()
    {
        var project = await HookedProjectAsync();
        Store.Time.Advance(TimeSpan.FromSeconds(10));
        var succeeded = await SucceededJobAsync(project);
        var failed = await Store.RunningAsync(Store.NewJob(project, 0));
        await Store.Dispatch.CompleteFailedAsync(failed.Id, "node-1", "vendor_error", "!", keepHold: false, Now, CancellationToken);
        var canceled = await Store.Jobs.CreatedAsync(Store.NewJob(project, 0));
        await Store.Jobs.CancelJobAsync(project, canceled.Id, Now, CancellationToken);

        foreach (var (job, @event) in new[] { (succeeded, WebhookEvents.Succeeded), (failed, WebhookEvents.Failed), (canceled, WebhookEvents.Canceled) })
        {
            var delivery = Assert.Single(await Store.OpenInstance().Webhooks.ListDeliveriesAsync(project, job.Id, CancellationToken));
            Assert.Equal((job.Id, @event, Endpoint, DeliveryOutcome.Pending), (delivery.JobId, delivery.Event, delivery.Url, delivery.State));
            Assert.Equal(Now, delivery.CreatedAt);
            Assert.Equal(Now, delivery.NextAttemptAt);
            Assert.Null(delivery.CompletedAt);
            Assert.Empty(delivery.Attempts);
        }
    }

    [Fact]
    public async Task Expiry_of_a_succeeded_job_enqueues_a_video_expired_delivery()
    {
        var project = await HookedProjectAsync();
        var job = await SucceededJobAsync(project);
        Store.Time.Advance(TimeSpan.FromDays(31));

        Assert.Single(await Store.Retention.ExpireDueJobsAsync(Now, 10, CancellationToken));

        var deliveries = await Store.Webhooks.ListDeliveriesAsync(project, job.Id, CancellationToken);
        Assert.Equal([WebhookEvents.Succeeded, WebhookEvents.Expired], deliveries.Select(d => d.Event));
    }

    [Fact]
    public async Task Transitions_enqueue_nothing_without_a_project_endpoint_or_a_callback_url()
    {
        var project = await Store.ProjectAsync();
        await Store.Webhooks.EnsureSecretAsync(project, CancellationToken);
        var succeeded = await SucceededJobAsync(project);
        var canceled = await Store.Jobs.CreatedAsync(Store.NewJob(project, 0));
        await Store.Jobs.CancelJobAsync(project, canceled.Id, Now, CancellationToken);

        Assert.Empty(await Store.Webhooks.ListDeliveriesAsync(project, succeeded.Id, CancellationToken));
        Assert.Empty(await Store.Webhooks.ListDeliveriesAsync(project, canceled.Id, CancellationToken));
        Assert.Empty(await ClaimAsync("sender-1"));
    }

    [Fact]
    public async Task Queued_and_claimed_jobs_enqueue_nothing_by_default()
    {
        var project = await HookedProjectAsync();
        var job = await Store.RunningAsync(Store.NewJob(project, 0, Callback));

        Assert.Empty(await Store.Webhooks.ListDeliveriesAsync(project, job.Id, CancellationToken));
        Assert.Empty(await ClaimAsync("sender-1"));
    }

    [Fact]
    public async Task A_job_callback_url_gets_its_own_delivery_beside_the_project_endpoint()
    {
        var hooked = await HookedProjectAsync("acme");
        var plain = await Store.ProjectAsync("plain");

        var both = await SucceededJobAsync(hooked, Callback);
        var same = await SucceededJobAsync(hooked, Endpoint);
        var callbackOnly = await SucceededJobAsync(plain, Callback);

        Assert.Equal(
            [Callback, Endpoint],
            (await Store.Webhooks.ListDeliveriesAsync(hooked, both.Id, CancellationToken)).Select(d => d.Url).Order(StringComparer.Ordinal));
        Assert.Equal([Endpoint], (await Store.Webhooks.ListDeliveriesAsync(hooked, same.Id, CancellationToken)).Select(d => d.Url));
        Assert.Equal([Callback], (await Store.Webhooks.ListDeliveriesAsync(plain, callbackOnly.Id, CancellationToken)).Select(d => d.Url));
    }

    // ---- claims ----

    [Fact]
    public async Task ClaimDue_leases_due_deliveries_with_the_secret_to_sign_them()
    {
        var project = await HookedProjectAsync();
        var job = await SucceededJobAsync(project);
        var createdAt = Now;
        var secret = (await Store.Webhooks.GetProjectWebhookAsync(project, CancellationToken)).Secret;
        Store.Time.Advance(TimeSpan.FromSeconds(2));

        var claimed = Assert.Single(await ClaimAsync("sender-1"));

        Assert.Equal((project, job.Id, WebhookEvents.Succeeded, Endpoint, 0), (claimed.ProjectId, claimed.JobId, claimed.Event, claimed.Url, claimed.Attempts));
        Assert.Equal(createdAt, claimed.CreatedAt);
        Assert.Equal(createdAt + new WebhookOptions().MaxAge, claimed.GiveUpAt);
        Assert.Equal(secret, claimed.Secret);
        Assert.Equal(claimed.Id, Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, job.Id, CancellationToken)).Id);
    }

    [Fact]
    public async Task ClaimDue_of_a_callback_url_signs_with_the_projects_secret()
    {
        var project = await Store.ProjectAsync();
        var secret = await Store.Webhooks.EnsureSecretAsync(project, CancellationToken);
        await SucceededJobAsync(project, Callback);

        var claimed = Assert.Single(await ClaimAsync("sender-1"));

        Assert.Equal((Callback, secret), (claimed.Url, claimed.Secret));
    }

    [Fact]
    public async Task ClaimDue_never_hands_a_live_lease_to_another_owner_and_reclaims_an_expired_one()
    {
        var project = await HookedProjectAsync();
        await SucceededJobAsync(project);
        var first = Assert.Single(await ClaimAsync("sender-1"));

        var whileLeased = await ClaimAsync("sender-2", store: Store.OpenInstance().Webhooks);
        var sameOwnerAgain = await ClaimAsync("sender-1");
        Store.Time.Advance(DeliveryLease - TimeSpan.FromSeconds(1));
        var justBeforeExpiry = await ClaimAsync("sender-2", store: Store.OpenInstance().Webhooks);
        Store.Time.Advance(TimeSpan.FromSeconds(2));
        var afterExpiry = await ClaimAsync("sender-2", store: Store.OpenInstance().Webhooks);

        Assert.Empty(whileLeased);
        Assert.Empty(sameOwnerAgain);
        Assert.Empty(justBeforeExpiry);
        Assert.Equal(first.Id, Assert.Single(afterExpiry).Id);
        Assert.Empty(await ClaimAsync("sender-3"));
    }

    [Fact]
    public async Task ClaimDue_honours_max_and_hands_out_the_earliest_due_first()
    {
        var project = await HookedProjectAsync();
        var jobs = new List<Job>();
        for (var i = 0; i < 5; i++)
        {
            jobs.Add(await SucceededJobAsync(project));
            Store.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var firstTwo = await ClaimAsync("sender-1", max: 2);
        var rest = await ClaimAsync("sender-2", max: 10);

        Assert.Equal(jobs.Take(2).Select(j => j.Id).Order(StringComparer.Ordinal), firstTwo.Select(d => d.JobId).Order(StringComparer.Ordinal));
        Assert.Equal(jobs.Skip(2).Select(j => j.Id).Order(StringComparer.Ordinal), rest.Select(d => d.JobId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClaimDue_from_two_instances_in_parallel_hands_out_each_delivery_exactly_once()
    {
        var project = await HookedProjectAsync();
        var expected = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            expected.Add((await SucceededJobAsync(project)).Id);
        }

        var instances = new[] { Store.Primary, Store.OpenInstance() };
        var gate = NewGate();
        var claims = Enumerable.Range(0, 20).Select(i => (Owner: $"sender-{i % 2}", Task: Task.Run(
            async () =>
            {
                await gate.Task;
                return await ClaimAsync($"sender-{i % 2}", max: 3, store: instances[i % 2].Webhooks);
            },
            CancellationToken))).ToList();
        gate.SetResult();
        await Task.WhenAll(claims.Select(c => c.Task));

        var claimed = claims.SelectMany(c => c.Task.Result.Select(d => (c.Owner, Delivery: d))).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), claimed.Select(c => c.Delivery.JobId).Order(StringComparer.Ordinal));
        Assert.Equal(30, claimed.Select(c => c.Delivery.Id).Distinct(StringComparer.Ordinal).Count());

        // Each lease belongs to the owner it was handed to: that owner, and only it, can record the attempt.
        foreach (var (owner, delivery) in claimed)
        {
            var stranger = owner == "sender-0" ? "sender-1" : "sender-0";
            await Store.Webhooks.RecordAttemptAsync(delivery.Id, stranger, new WebhookAttempt(1, Now, TimeSpan.FromMilliseconds(5), 500, null), DeliveryOutcome.Failed, null, CancellationToken);
            await Store.Webhooks.RecordAttemptAsync(delivery.Id, owner, new WebhookAttempt(1, Now, TimeSpan.FromMilliseconds(5), 200, null), DeliveryOutcome.Delivered, null, CancellationToken);
            var record = Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, delivery.Id, CancellationToken));
            Assert.Equal(DeliveryOutcome.Delivered, record.State);
            Assert.Equal(200, Assert.Single(record.Attempts).StatusCode);
        }
    }

    // ---- attempts ----

    [Fact]
    public async Task RecordAttempt_delivered_by_the_lease_owner_completes_the_delivery()
    {
        var project = await HookedProjectAsync();
        await SucceededJobAsync(project);
        var delivery = Assert.Single(await ClaimAsync("sender-1"));
        var started = Now;
        var attempt = new WebhookAttempt(1, started, TimeSpan.FromMilliseconds(250), 204, null);

        await Store.OpenInstance().Webhooks.RecordAttemptAsync(delivery.Id, "sender-1", attempt, DeliveryOutcome.Delivered, null, CancellationToken);

        var record = Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, delivery.Id, CancellationToken));
        Assert.Equal(DeliveryOutcome.Delivered, record.State);
        Assert.Null(record.NextAttemptAt);
        Assert.Equal(started + TimeSpan.FromMilliseconds(250), record.CompletedAt);
        Assert.Equal([attempt], record.Attempts);
        Store.Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await ClaimAsync("sender-2"));
    }

    [Fact]
    public async Task RecordAttempt_by_another_owner_changes_nothing()
    {
        var project = await HookedProjectAsync();
        await SucceededJobAsync(project);
        var delivery = Assert.Single(await ClaimAsync("sender-1"));

        await Store.Webhooks.RecordAttemptAsync(delivery.Id, "sender-2", new WebhookAttempt(1, Now, TimeSpan.FromSeconds(1), 200, null), DeliveryOutcome.Delivered, null, CancellationToken);

        var record = Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, delivery.Id, CancellationToken));
        Assert.Equal(DeliveryOutcome.Pending, record.State);
        Assert.Empty(record.Attempts);
        Assert.Empty(await ClaimAsync("sender-2"));
    }

    [Fact]
    public async Task RecordAttempt_of_a_lease_taken_over_by_another_owner_changes_nothing()
    {
        var project = await HookedProjectAsync();
        await SucceededJobAsync(project);
        var delivery = Assert.Single(await ClaimAsync("sender-1"));
        Store.Time.Advance(DeliveryLease + TimeSpan.FromSeconds(1));
        Assert.Single(await ClaimAsync("sender-2"));

        await Store.Webhooks.RecordAttemptAsync(delivery.Id, "sender-1", new WebhookAttempt(1, Now, TimeSpan.FromSeconds(1), 200, null), DeliveryOutcome.Delivered, null, CancellationToken);
        var afterLoser = Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, delivery.Id, CancellationToken));
        await Store.Webhooks.RecordAttemptAsync(delivery.Id, "sender-2", new WebhookAttempt(1, Now, TimeSpan.FromSeconds(1), 202, null), DeliveryOutcome.Delivered, null, CancellationToken);
        var afterOwner = Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, delivery.Id, CancellationToken));

        Assert.Equal(DeliveryOutcome.Pending, afterLoser.State);
        Assert.Empty(afterLoser.Attempts);
        Assert.Equal(DeliveryOutcome.Delivered, afterOwner.State);
        Assert.Equal(202, Assert.Single(afterOwner.Attempts).StatusCode);
    }

    [Fact]
    public async Task RecordAttempt_pending_with_a_retry_time_makes_the_delivery_due_again_then()
    {
        var project = await HookedProjectAsync();
        await SucceededJobAsync(project);
        var delivery = Assert.Single(await ClaimAsync("sender-1"));
        var retryAt = Now + TimeSpan.FromSeconds(5);
        var attempt = new WebhookAttempt(1, Now, TimeSpan.FromMilliseconds(100), 503, "Service Unavailable");

        await Store.Webhooks.RecordAttemptAsync(delivery.Id, "sender-1", attempt, DeliveryOutcome.Pending, retryAt, CancellationToken);

        var record = Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, delivery.Id, CancellationToken));
        Assert.Equal((DeliveryOutcome.Pending, retryAt, (DateTimeOffset?)null), (record.State, record.NextAttemptAt, record.CompletedAt));
        Assert.Equal([attempt], record.Attempts);
        Store.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(await ClaimAsync("sender-2"));
        Store.Time.Advance(TimeSpan.FromSeconds(1));
        var retried = Assert.Single(await ClaimAsync("sender-2"));
        Assert.Equal((delivery.Id, 1), (retried.Id, retried.Attempts));

        var second = new WebhookAttempt(2, Now, TimeSpan.FromMilliseconds(80), 200, null);
        await Store.Webhooks.RecordAttemptAsync(delivery.Id, "sender-2", second, DeliveryOutcome.Delivered, null, CancellationToken);
        Assert.Equal([attempt, second], Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, delivery.Id, CancellationToken)).Attempts);
    }

    [Fact]
    public async Task RecordAttempt_failed_gives_the_delivery_up()
    {
        var project = await HookedProjectAsync();
        await SucceededJobAsync(project);
        var delivery = Assert.Single(await ClaimAsync("sender-1"));
        var attempt = new WebhookAttempt(1, Now, TimeSpan.FromSeconds(10), null, "timed out");

        await Store.Webhooks.RecordAttemptAsync(delivery.Id, "sender-1", attempt, DeliveryOutcome.Failed, null, CancellationToken);

        var record = Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, delivery.Id, CancellationToken));
        Assert.Equal((DeliveryOutcome.Failed, (DateTimeOffset?)null, (DateTimeOffset?)(Now + TimeSpan.FromSeconds(10))), (record.State, record.NextAttemptAt, record.CompletedAt));
        Assert.Equal([attempt], record.Attempts);
        Store.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await ClaimAsync("sender-2"));
    }

    // ---- listing ----

    [Fact]
    public async Task ListDeliveries_finds_by_job_id_and_by_delivery_id_within_the_project_only()
    {
        var project = await HookedProjectAsync("acme");
        var other = await HookedProjectAsync("other");
        var job = await SucceededJobAsync(project, Callback);
        var otherJob = await SucceededJobAsync(other);

        var byJob = await Store.Webhooks.ListDeliveriesAsync(project, job.Id, CancellationToken);
        Assert.Equal(2, byJob.Count);
        Assert.All(byJob, d => Assert.Equal(job.Id, d.JobId));
        foreach (var delivery in byJob)
        {
            Assert.Equal(delivery, Assert.Single(await Store.Webhooks.ListDeliveriesAsync(project, delivery.Id, CancellationToken)), new RecordComparer());
            Assert.Empty(await Store.Webhooks.ListDeliveriesAsync(other, delivery.Id, CancellationToken));
        }

        Assert.Empty(await Store.Webhooks.ListDeliveriesAsync(other, job.Id, CancellationToken));
        Assert.Empty(await Store.Webhooks.ListDeliveriesAsync(project, otherJob.Id, CancellationToken));
        Assert.Empty(await Store.Webhooks.ListDeliveriesAsync(project, "whd_unknown", CancellationToken));
    }

    /// <summary>Records hold their attempts in a list, which records compare by reference.</summary>
    private sealed class RecordComparer : IEqualityComparer<WebhookDeliveryRecord>
    {
        private static readonly WebhookAttempt[] None = [];

        public bool Equals(WebhookDeliveryRecord? x, WebhookDeliveryRecord? y)
            => x is not null && y is not null && x with { Attempts = None } == y with { Attempts = None } && x.Attempts.SequenceEqual(y.Attempts);

        public int GetHashCode(WebhookDeliveryRecord obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}

public sealed class SqliteWebhookStoreContract : WebhookStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => SqliteStoreHarness.CreateAsync();
}

public sealed class PostgresWebhookStoreContract : WebhookStoreContract
{
    protected override ValueTask<StoreHarness> CreateHarnessAsync() => PostgresStoreHarness.CreateAsync();
}
