using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Tooling;

/// <summary>
/// A third-party client generator reads the served OpenAPI document: Kiota (the dotnet tool pinned in
/// <c>dotnet-tools.json</c>, restored by <c>eng/test.sh</c>) generates a C# client, Roslyn compiles it with a typed flow
/// against the Kiota runtime packages, and the flow runs a real job on the in-memory gateway. The flow is written
/// against the generated types, so a parameter that loses its type or an enum that disappears fails compilation.
/// </summary>
public sealed class GeneratedClientTests : IDisposable
{
    private const string Namespace = "Generated.Reelgate";

    // Compiled together with the generated client. Typed on purpose: int query parameters, enum fields, the typed error.
    private const string FlowSource = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Generated.Reelgate;
        using Generated.Reelgate.Models;
        using Microsoft.Kiota.Abstractions.Authentication;
        using Microsoft.Kiota.Http.HttpClientLibrary;

        public static class Flow
        {
            public static async Task<Dictionary<string, object?>> RunAsync(HttpClient http, CancellationToken cancellationToken)
            {
                var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
                {
                    BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
                };
                var client = new ReelgateClient(adapter);
                var results = new Dictionary<string, object?>();

                var accepted = await client.V1.Video.Generate.PostAsync(new GenerateVideoRequest
                {
                    Prompt = "a paper boat on a pond",
                    DurationSeconds = 2,
                    Resolution = GenerateVideoRequest_resolution.SevenTwoZerop,
                    Aspect = GenerateVideoRequest_aspect.NineOneSix,
                    Prefer = GenerateVideoRequest_prefer.Cheapest,
                }, cancellationToken: cancellationToken);
                var id = accepted!.JobId!;
                results["accepted_state"] = accepted.State;

                VideoJob status = accepted;
                for (var i = 0; i < 10 && status.State is VideoJobState.Queued or VideoJobState.Running; i++)
                {
                    status = (await client.V1.Video.Status[id].GetAsync(r => r.QueryParameters.Wait = 30, cancellationToken))!;
                }

                results["state"] = status.State;
                results["video_url"] = status.VideoUrl;

                var details = await client.V1.Video.GetPath[id].GetAsync(cancellationToken: cancellationToken);
                results["aspect"] = details!.Aspect;
                results["resolution"] = details.Resolution;
                results["prefer"] = details.Prefer;
                results["vendor"] = details.Vendor;

                var page = await client.V1.Video.List.GetAsync(r => r.QueryParameters.Limit = 5, cancellationToken);
                results["listed"] = page!.Items!.Select(job => job.JobId).ToList();

                var link = await client.V1.Video.Download_url[id].GetAsync(r => r.QueryParameters.ExpiresIn = 120, cancellationToken);
                results["download_url"] = link!.Url;

                var capabilities = await client.V1.Video.Capabilities.GetAsync(cancellationToken: cancellationToken);
                results["vendors"] = capabilities!.Vendors!.Select(vendor => vendor.Vendor).ToList();

                try
                {
                    await client.V1.Video.GetPath["vid_01kb7m3x5c8q9r2t4v6w8y0z1a"].GetAsync(cancellationToken: cancellationToken);
                    results["missing"] = "answered";
                }
                catch (ErrorResponse error)
                {
                    results["missing_status"] = error.ResponseStatusCode;
                    results["missing_code"] = error.Error?.Code;
                }

                return results;
            }
        }
        """;

    private readonly TempDirectory _work = new();
    private readonly GatewayFactory _gateway = new();

    public void Dispose()
    {
        _gateway.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task A_Kiota_client_generated_from_the_document_compiles_and_runs_generate_to_download()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var document = Path.Combine(_work.Path, "openapi.json");
        await File.WriteAllTextAsync(document, await _gateway.CreateClient().GetStringAsync("/openapi/v1.json", cancellation), cancellation);
        var output = Path.Combine(_work.Path, "client");

        var generated = await ExternalTool.RunAsync(
            "dotnet",
            ["kiota", "generate", "--language", "CSharp", "--openapi", document, "--output", output, "--namespace-name", Namespace, "--class-name", "ReelgateClient", "--exclude-backward-compatible", "--clean-output"],
            RepoRoot.Find(),
            "Kiota is a local dotnet tool of the repository: run 'dotnet tool restore' (eng/test.sh does it).",
            new Dictionary<string, string?> { ["KIOTA_OFFLINE_ENABLED"] = "true", ["KIOTA_TUTORIAL_ENABLED"] = "false" });
        Assert.True(generated.ExitCode == 0, generated.Describe("kiota generate"));

        var flow = LoadFlow(Compile(Directory.GetFiles(output, "*.cs", SearchOption.AllDirectories)));
        var key = await _gateway.CreateKeyAsync("kiota");
        var results = await (Task<Dictionary<string, object?>>)flow.Invoke(null, [_gateway.CreateClient(key), cancellation])!;

        Assert.Equal("Queued", results["accepted_state"]?.ToString());
        Assert.Equal("Succeeded", results["state"]?.ToString());
        Assert.Contains("/v1/files/", (string?)results["video_url"], StringComparison.Ordinal);
        Assert.Equal(("NineOneSix", "SevenTwoZerop", "Cheapest", "local"), (results["aspect"]?.ToString(), results["resolution"]?.ToString(), results["prefer"]?.ToString(), (string?)results["vendor"]));
        Assert.Single((List<string?>)results["listed"]!);
        Assert.Contains("sig=", (string?)results["download_url"], StringComparison.Ordinal);
        Assert.Contains("local", (List<string?>)results["vendors"]!);
        Assert.Equal((404, "NOT_FOUND"), ((int?)results["missing_status"], (string?)results["missing_code"]));
    }

    private static MethodInfo LoadFlow(byte[] assembly)
    {
        var context = new AssemblyLoadContext("kiota-client", isCollectible: true);
        using var image = new MemoryStream(assembly);
        return context.LoadFromStream(image).GetType("Flow", throwOnError: true)!.GetMethod("RunAsync")!;
    }

    private static byte[] Compile(IEnumerable<string> generatedFiles)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: ["NETCOREAPP3_1_OR_GREATER", "NET5_0_OR_GREATER", "NET8_0_OR_GREATER"]);
        var trees = generatedFiles
            .Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), options, file))
            .Append(CSharpSyntaxTree.ParseText(FlowSource, options, "Flow.cs"));

        // The runtime's own assemblies plus the Kiota packages this test project references.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Kiota.*.dll"))
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "Std.UriTemplate.dll"))
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "Generated.Reelgate.Client",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(emitted.Success, "The generated client does not compile:\n" + string.Join('\n', errors.Take(30)));
        return image.ToArray();
    }
}
