using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Reelgate.FunctionalTests.Hosting;
using Reelgate.FunctionalTests.Infrastructure;
using Reelgate.Testing;

namespace Reelgate.FunctionalTests.Diagnostics;

/// <summary>
/// Traces over OTLP and JSON logs of a real gateway process, configured only by the standard
/// settings an operator sets (<c>OTEL_EXPORTER_OTLP_*</c>, <c>Logging__Console__FormatterName</c>).
/// </summary>
public sealed class ObservabilityTests
{
    private const string Prompt = "a lighthouse that must not appear in telemetry";

    [Fact]
    public async Task With_an_OTLP_endpoint_a_job_run_exports_its_spans_and_never_its_prompt()
    {
        var exports = new ConcurrentQueue<(string? ContentType, byte[] Body)>();
        await using var collector = LoopbackHost.Create();
        collector.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            exports.Enqueue((request.ContentType, body.ToArray()));
            return Results.Ok();
        });
        var collectorUrl = await LoopbackHost.StartAsync(collector);

        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path)
        {
            Environment =
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collectorUrl,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            },
        };
        await gateway.StartAsync();
        using var client = RestartTests.Client(gateway, await gateway.CreateKeyAsync("traces"));
        var id = await client.GenerateAsync($$"""{"prompt": "{{Prompt}}", "duration_seconds": 1}""");
        await client.WaitForSuccessAsync(id);

        // Protobuf keeps strings as UTF-8 bytes: span names, tag values and ids can be found in the payloads.
        string[] expected = ["reelgate.job.run", "reelgate.vendor.attempt", "reelgate.output.ingest", id, "succeeded", "/v1/video/generate", "reelgate"];
        string Exported() => string.Concat(exports.Select(e => Encoding.UTF8.GetString(e.Body)));
        string[] Missing() => [.. expected.Where(s => !Exported().Contains(s, StringComparison.Ordinal))];
        await Eventually.TrueAsync(
            () => Missing().Length == 0,
            "spans of the job run, its vendor attempt and ingest, and the generate request",
            () => $"{exports.Count} exports lack {string.Join(", ", Missing())}");

        Assert.All(exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
        Assert.DoesNotContain(Prompt, Exported(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_OTLP_endpoint_stops_the_host_at_start_naming_the_setting()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path)
        {
            Environment = { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4317" },
        };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(gateway.StartAsync);

        Assert.Contains("OptionsValidationException", failure.Message, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_console_formatter_writes_one_json_object_per_line_with_the_job_id_and_without_the_prompt()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path)
        {
            Environment = { ["Logging__Console__FormatterName"] = "json" },
        };
        await gateway.StartAsync();
        using var client = RestartTests.Client(gateway, await gateway.CreateKeyAsync("logs"));
        var id = await client.GenerateAsync($$"""{"prompt": "{{Prompt}}", "duration_seconds": 1}""");
        await client.WaitForSuccessAsync(id);

        var entries = await Eventually.SomeAsync(
            () =>
            {
                var parsed = gateway.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(line => JsonDocument.Parse(line).RootElement)
                    .ToList();
                return parsed.Any(e => JobIdOf(e) == id && e.GetProperty("Category").GetString()!.EndsWith("JobRunner", StringComparison.Ordinal)) ? parsed : null;
            },
            "a JobRunner entry whose state names the job");

        Assert.All(entries, e =>
        {
            Assert.True(e.TryGetProperty("LogLevel", out _), e.ToString());
            Assert.True(e.TryGetProperty("EventId", out _), e.ToString());
        });
        Assert.DoesNotContain(Prompt, gateway.Output, StringComparison.Ordinal);
    }

    private static string? JobIdOf(JsonElement entry)
        => entry.TryGetProperty("State", out var state) && state.TryGetProperty("JobId", out var jobId) ? jobId.GetString() : null;
}
