using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Reelgate.Server.Errors;
using Reelgate.Server.Hosting;

namespace Reelgate.Server.Endpoints;

/// <summary>
/// Reads a JSON body with the contract's error answers: malformed JSON and wrong field types are
/// 400 naming the field, an oversized body is 413. Never lets a framework 400 with an empty body through.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, ApiError? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, bool required, CancellationToken cancellationToken)
        where T : class
    {
        var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        byte[] bytes;
        try
        {
            bytes = await ReadLimitedAsync(request.Body, limit, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }
        catch (InvalidDataException)
        {
            return (null, TooLarge(limit));
        }

        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return required
                ? (null, ApiError.Invalid("A JSON body is required."))
                : (null, null);
        }

        try
        {
            var value = JsonSerializer.Deserialize(bytes, typeInfo);
            return value is null && required ? (null, ApiError.Invalid("A JSON object body is required.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiError.Invalid(Describe(ex)));
        }
    }

    private static string Describe(JsonException ex)
    {
        // The serializer's own message names .NET types; say what the caller can act on instead.
        var path = ex.Path;
        if (path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal))
        {
            return $"Field '{path[2..]}' has the wrong type or is malformed; see the API reference for its type.";
        }

        return ex.LineNumber is { } line
            ? $"The body is not valid JSON (line {line + 1}, byte {ex.BytePositionInLine + 1})."
            : "The body is not valid JSON.";
    }

    private static ApiError TooLarge(long limit) => new(413, "PAYLOAD_TOO_LARGE", $"The request body is larger than {limit} bytes.");

    private static async Task<byte[]> ReadLimitedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
