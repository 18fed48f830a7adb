using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Reelgate.FunctionalTests.Hosting;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Diagnostics;

/// <summary>
/// <c>/metrics</c> of a real gateway process (its own meters, no other test's measurements) after
/// one paid local job and one generate refused for credit.
/// </summary>
public sealed partial class MetricsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_metrics_count_jobs_attempts_credit_and_requests()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Vendors:Local:PricePerSecondUsd", "0.01"), ("Server:HttpMetricsEnabled", "true"));
        await gateway.StartAsync();
        using var client = RestartTests.Client(gateway, await gateway.CreateKeyAsync("metrics"));
        Assert.Equal(0, (await gateway.AdminAsync("grant-credit", "--project", "metrics", "--usd", "0.015")).ExitCode);

        await client.WaitForSuccessAsync(await client.GenerateAsync("""{"prompt": "counted once", "duration_seconds": 1}"""));
        var refused = await client.PostAsync("/v1/video/generate", new StringContent("""{"prompt": "too dear", "duration_seconds": 1}""", System.Text.Encoding.UTF8, "application/json"), Cancellation);
        await refused.AssertErrorAsync(HttpStatusCode.PaymentRequired, "INSUFFICIENT_CREDIT");

        using var scraper = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        var samples = await ScrapeAfterAJobFinishedAsync(scraper);

        Assert.Equal(1, Value(samples, "reelgate_jobs_accepted_total", ("vendor", "local")));
        Assert.Equal(1, Value(samples, "reelgate_jobs_refused_credit_total"));
        Assert.Equal(1, Value(samples, "reelgate_jobs_finished_total", ("state", "succeeded"), ("vendor", "local")));
        Assert.Equal(1, Value(samples, "reelgate_vendor_attempts_total", ("vendor", "local"), ("outcome", "succeeded")));
        Assert.Equal(10_000, Value(samples, "reelgate_credit_captured_total", ("vendor", "local")));
        Assert.Equal(1, Value(samples, "reelgate_jobs_duration_seconds_count", ("state", "succeeded")));
        Assert.True(Value(samples, "http_server_request_duration_seconds_count", ("http_route", "/v1/video/generate")) >= 2);

        // At least: the grant, the job's creation, its claim, its intent and answer, its completion.
        Assert.True(Value(samples, "reelgate_db_writes_total", ("store", "sqlite")) >= 6);
        Assert.DoesNotContain(samples, s => s.Labels.ContainsKey("job_id") || s.Labels.ContainsKey("project_id"));
        Assert.Contains(samples, s => s.Name == "target_info" && s.Labels.GetValueOrDefault("service_name") == "reelgate");

        var response = await scraper.GetAsync("/metrics", Cancellation);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_default_node_shows_running_jobs_and_vendor_availability_but_no_per_request_meters()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path);
        await gateway.StartAsync();
        using var client = RestartTests.Client(gateway, await gateway.CreateKeyAsync("gauges"));
        using var scraper = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        var id = await client.GenerateAsync("""{"prompt": "a long render to watch", "resolution": "1080p", "duration_seconds": 20}""");

        var running = await GaugeReachesAsync(scraper, "reelgate_jobs_active", 1);
        Assert.Equal(1, Value(running, "reelgate_vendor_jobs_in_flight", ("vendor", "local")));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/video/cancel/{id}", null, Cancellation)).StatusCode);
        var samples = await GaugeReachesAsync(scraper, "reelgate_jobs_active", 0);

        Assert.Equal(1, Value(samples, "reelgate_vendor_available", ("vendor", "local")));
        Assert.Equal(1, Value(samples, "reelgate_jobs_finished_total", ("state", "canceled")));
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("http_server_", StringComparison.Ordinal) || s.Name.StartsWith("kestrel_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_only_node_reports_the_queue_of_the_deployment_and_how_long_its_oldest_job_waits()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Dispatcher:Enabled", "false"));
        await gateway.StartAsync();
        using var client = RestartTests.Client(gateway, await gateway.CreateKeyAsync("queue"));
        using var scraper = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        await client.GenerateAsync("""{"prompt": "first in line", "duration_seconds": 1}""");
        await client.GenerateAsync("""{"prompt": "second in line", "duration_seconds": 1}""");

        // No node runs jobs here, so both wait; the age grows from the first one's acceptance.
        var samples = await GaugeReachesAsync(scraper, "reelgate_jobs_queued", 2);
        var age = Value(samples, "reelgate_jobs_queue_age_seconds");
        Assert.InRange(age, 0, 120);

        // One series per waiting project: this one's oldest job is the deployment's oldest.
        var project = Assert.Single(samples, s => s.Name == "reelgate_project_queue_age_seconds");
        Assert.StartsWith("proj_", project.Labels["project_id"], StringComparison.Ordinal);
        Assert.InRange(project.Value, age - 0.5, age + 0.5);
        await Eventually.SomeAsync(
            async () => Value(Parse(await scraper.GetStringAsync("/metrics", Cancellation)), "reelgate_jobs_queue_age_seconds") > age ? "grown" : null,
            "the oldest job's wait grows between scrapes");
    }

    [Fact]
    public async Task Metrics_can_be_switched_off()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Server:MetricsEnabled", "false"));
        await gateway.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };

        await (await http.GetAsync("/metrics", Cancellation)).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private static async Task<List<Sample>> GaugeReachesAsync(HttpClient scraper, string name, double value)
        => await Eventually.SomeAsync(
            async () => Parse(await scraper.GetStringAsync("/metrics", Cancellation)) is var samples && samples.Any(s => s.Name == name && s.Value == value) ? samples : null,
            $"{name} reads {value}");

    /// <summary>The exporter caches a scrape briefly: scrapes until the finished job shows.</summary>
    private static async Task<List<Sample>> ScrapeAfterAJobFinishedAsync(HttpClient scraper)
        => Parse(await Eventually.SomeAsync(
            async () => await scraper.GetStringAsync("/metrics", Cancellation) is { } body && body.Contains("reelgate_jobs_finished_total", StringComparison.Ordinal) ? body : null,
            "the finished job appears in /metrics"));

    private static double Value(List<Sample> samples, string name, params (string Key, string Value)[] labels)
    {
        var matching = samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        Assert.True(matching.Count > 0, $"No sample {name} with {string.Join(", ", labels)}.");
        return matching.Sum(s => s.Value);
    }

    private static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"Not a Prometheus sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);
}
