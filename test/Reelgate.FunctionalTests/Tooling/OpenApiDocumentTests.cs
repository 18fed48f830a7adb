using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Tooling;

/// <summary>The OpenAPI 3.1 document at <c>/openapi/v1.json</c> and the docs page at <c>/docs</c>.</summary>
public sealed class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.Fixture>
{
    private static readonly string[] ContractPaths =
    [
        "/v1/video/generate", "/v1/video/status/{id}", "/v1/video/cancel/{id}", "/v1/video/get/{id}", "/v1/video/list",
        "/v1/video/delete/{id}", "/v1/video/delete_all", "/v1/video/download_url/{id}", "/v1/video/set_retention/{id}",
        "/v1/video/capabilities", "/v1/video/events/{id}", "/v1/video/webhook_deliveries/{id}",
        "/v1/account/balance", "/v1/account/ledger", "/v1/account/topup", "/v1/account/webhook", "/v1/account/webhook/rotate_secret",
        "/v1/files/{id}/{file}",
    ];

    private readonly Fixture _fixture;

    public OpenApiDocumentTests(Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task The_document_is_valid_OpenAPI_3_1_without_reader_or_rule_errors()
    {
        var (document, diagnostic, _) = await _fixture.LoadAsync();

        Assert.Empty(diagnostic.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal("Reelgate API", document.Info.Title);
    }

    [Fact]
    public async Task The_document_lists_exactly_the_mapped_endpoints_that_are_not_excluded()
    {
        var (document, _, _) = await _fixture.LoadAsync();
        var mapped = _fixture.Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .ToHashSet(StringComparer.Ordinal);

        var documented = document.Paths.Keys.ToHashSet(StringComparer.Ordinal);

        Assert.Equal(mapped.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        Assert.Superset(ContractPaths.ToHashSet(StringComparer.Ordinal), documented);
        Assert.DoesNotContain("/healthz", documented);
        Assert.DoesNotContain(documented, p => p.EndsWith("/checkout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Errors_are_documented_with_the_envelope_schema_and_the_contract_statuses()
    {
        var (document, _, json) = await _fixture.LoadAsync();

        var envelope = document.Components!.Schemas!["ErrorResponse"];
        var body = envelope.Properties!["error"];
        Assert.Equal(["code", "message", "request_id"], body.Properties!.Keys.Order(StringComparer.Ordinal));
        var errorStatuses = document.Paths
            .Where(p => ContractPaths.Contains(p.Key))
            .SelectMany(p => p.Value.Operations!.Values)
            .SelectMany(o => o.Responses!)
            .Where(r => r.Value.Content?.TryGetValue("application/json", out var media) == true && media.Schema is OpenApiSchemaReference { Reference.Id: "ErrorResponse" })
            .Select(r => r.Key)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["400", "401", "402", "403", "404", "413", "422", "429", "503"], StringComparer.Ordinal), errorStatuses);
        Assert.Contains("\"RATE_LIMITED\"", json, StringComparison.Ordinal);

        var generate = document.Paths["/v1/video/generate"].Operations![HttpMethod.Post];
        Assert.Contains("402", generate.Responses!.Keys);
        Assert.True(generate.Responses["429"].Headers!.ContainsKey("Retry-After"));
        Assert.NotEmpty(generate.Security!);
    }

    [Fact]
    public async Task Schemas_are_snake_case_and_generate_has_a_request_body_with_an_example()
    {
        var (document, _, _) = await _fixture.LoadAsync();

        var job = document.Components!.Schemas!["VideoJob"];
        Assert.Contains("job_id", job.Properties!.Keys);
        Assert.Contains("video_url", job.Properties.Keys);
        var generate = document.Paths["/v1/video/generate"].Operations![HttpMethod.Post];
        var request = generate.RequestBody!.Content!["application/json"];
        Assert.Equal("a timelapse of a city skyline at dusk", request.Example!["prompt"]!.GetValue<string>());
        Assert.Contains("duration_seconds", document.Components.Schemas["GenerateVideoRequest"].Properties!.Keys);
        Assert.Contains("prompt", document.Components.Schemas["GenerateVideoRequest"].Required!);
        Assert.Equal(SecuritySchemeType.Http, document.Components.SecuritySchemes!["bearer"].Type);
    }

    [Fact]
    public async Task The_docs_page_answers_html()
    {
        var client = _fixture.Gateway.CreateClient();

        var response = await client.GetAsync("/docs", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);

        // The page's script is served by the gateway itself, not fetched from a CDN.
        var script = await client.GetAsync("/docs/scalar.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task The_docs_page_offers_no_hosted_service_and_lists_the_video_api_first()
    {
        var client = _fixture.Gateway.CreateClient();
        var html = await client.GetStringAsync("/docs/", TestContext.Current.CancellationToken);
        var (document, _, _) = await _fixture.LoadAsync();

        // Scalar's page reads its configuration from the JSON object passed to initialize(...).
        var start = html.IndexOf("{\"", html.IndexOf("initialize(", StringComparison.Ordinal), StringComparison.Ordinal);
        var end = html.IndexOf('\n', start);
        using var configuration = JsonDocument.Parse(html[start..end].TrimEnd().TrimEnd(','));
        var page = configuration.RootElement;
        Assert.True(page.GetProperty("agent").GetProperty("disabled").GetBoolean(), "Ask AI sends the document to a third party.");
        Assert.True(page.GetProperty("mcp").GetProperty("disabled").GetBoolean());
        Assert.Equal("never", page.GetProperty("showDeveloperTools").GetString());
        Assert.True(page.GetProperty("hideClientButton").GetBoolean());
        Assert.False(page.GetProperty("telemetry").GetBoolean());
        Assert.False(page.GetProperty("withDefaultFonts").GetBoolean());
        Assert.Equal(["Video", "Account", "Webhooks", "Files", "OpenAI Videos", "Payments"], document.Tags!.Select(t => t.Name));
    }

    [Fact]
    public async Task Query_parameters_are_typed_with_their_ranges_and_closed_sets_are_enums()
    {
        var (document, _, json) = await _fixture.LoadAsync();

        IOpenApiSchema Query(string path, HttpMethod method, string name)
            => document.Paths[path].Operations![method].Parameters!.Single(p => p.Name == name && p.In == ParameterLocation.Query).Schema!;

        Assert.Equal((JsonSchemaType.Integer, "0", "60"), Range(Query("/v1/video/status/{id}", HttpMethod.Get, "wait")));
        Assert.Equal((JsonSchemaType.Integer, "1", "100"), Range(Query("/v1/video/list", HttpMethod.Get, "limit")));
        Assert.Equal((JsonSchemaType.Integer, "60", "604800"), Range(Query("/v1/video/download_url/{id}", HttpMethod.Get, "expires_in")));
        Assert.Equal((JsonSchemaType.Integer, "1", "200"), Range(Query("/v1/account/ledger", HttpMethod.Get, "limit")));
        Assert.Equal(["desc", "asc"], Values(Query("/v1/videos", HttpMethod.Get, "order")));
        Assert.Equal(["video", "thumbnail", "spritesheet"], Values(Query("/v1/videos/{id}/content", HttpMethod.Get, "variant")));

        var request = document.Components!.Schemas!["GenerateVideoRequest"].Properties!;
        Assert.Equal(["16:9", "9:16", "1:1"], Values(request["aspect"]));
        Assert.Equal(["16:9", "9:16", "1:1"], Values(request["aspect_ratio"]));
        Assert.Equal(["720p", "1080p", "4k"], Values(request["resolution"]));
        Assert.Equal(["balanced", "cheapest", "smartest"], Values(request["prefer"]));
        Assert.Equal(JsonSchemaType.String, request["prefer"].Type);
        Assert.Equal(["720p", "1080p", "4k"], Values(document.Components.Schemas["VideoJobDetails"].Properties!["resolution"]));

        // Descriptions are plain words, not C# symbols from doc comments.
        Assert.DoesNotContain("GenerateVideoRequest.", request["aspect_ratio"].Description, StringComparison.Ordinal);
        Assert.DoesNotContain("string?", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<see cref", json, StringComparison.Ordinal);

        static (JsonSchemaType?, string?, string?) Range(IOpenApiSchema schema) => (schema.Type, schema.Minimum, schema.Maximum);
        static IEnumerable<string> Values(IOpenApiSchema schema) => schema.Enum!.Select(v => v.GetValue<string>());
    }

    [Fact]
    public async Task Spectral_finds_no_problem_in_the_served_document_with_the_oas_ruleset()
    {
        var (_, _, json) = await _fixture.LoadAsync();
        using var work = new TempDirectory();
        var documentPath = Path.Combine(work.Path, "openapi.json");
        await File.WriteAllTextAsync(documentPath, json, TestContext.Current.CancellationToken);
        var project = Path.Combine(RepoRoot.Find(), "test", "spectral");
        var cli = Path.Combine(project, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js");
        Assert.True(File.Exists(cli), $"Spectral is not installed in {project}; run 'npm ci --prefix test/spectral' (eng/test.sh does it).");

        var lint = await ExternalTool.RunAsync(
            "node",
            [cli, "lint", "--ruleset", Path.Combine(project, ".spectral.yaml"), "--format", "json", "--quiet", documentPath],
            project,
            "This test lints the document with Spectral: install Node.js 20 or later and run 'npm ci --prefix test/spectral'.");

        // Spectral exits 1 when it reports an error; its JSON lists every problem with its severity (0 = error).
        using var problems = JsonDocument.Parse(lint.Stdout.Length == 0 ? "[]" : lint.Stdout);
        var found = problems.RootElement.EnumerateArray()
            .Select(p => $"{p.GetProperty("code").GetString()} (severity {p.GetProperty("severity").GetInt32()}) at {string.Join('.', p.GetProperty("path").EnumerateArray())}: {p.GetProperty("message").GetString()}")
            .ToList();
        Assert.True(found.Count == 0 && lint.ExitCode == 0, lint.Describe("spectral lint") + "\n" + string.Join('\n', found));
    }

    public sealed class Fixture : IDisposable
    {
        public GatewayFactory Gateway { get; } = new GatewayFactory().With("Reelgate:Dispatcher:Enabled", "false");

        public async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic, string Json)> LoadAsync()
        {
            var client = Gateway.CreateClient();
            var json = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            var result = await OpenApiDocument.LoadAsync(stream, "json", cancellationToken: TestContext.Current.CancellationToken);
            Assert.NotNull(result.Document);
            return (result.Document, result.Diagnostic!, json);
        }

        public void Dispose() => Gateway.Dispose();
    }
}
