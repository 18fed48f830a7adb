using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reelgate.Cli;

/// <summary>JSON of the CLI's own files and answers (the API's types go through ReelgateJsonContext).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, WriteIndented = true)]
[JsonSerializable(typeof(CliConfigFile))]
[JsonSerializable(typeof(DownloadResult))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
