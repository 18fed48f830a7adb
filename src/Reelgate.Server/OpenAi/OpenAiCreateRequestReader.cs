using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Reelgate.Server.Endpoints;

namespace Reelgate.Server.OpenAi;

/// <summary>
/// Reads <c>POST /v1/videos</c> as OpenAI accepts it: a multipart form (what the SDKs send, with
/// <c>input_reference</c> as a file part) or a JSON body. Both become one <see cref="OpenAiCreateInput"/>.
/// </summary>
internal static class OpenAiCreateRequestReader
{
    public static async Task<(OpenAiCreateInput? Input, OpenAiError? Error)> ReadAsync(HttpRequest request, long maxUploadBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HasFormContentType
            ? await ReadFormAsync(request, maxUploadBytes, cancellationToken)
            : await ReadJsonAsync(request, cancellationToken);
    }

    private static async Task<(OpenAiCreateInput? Input, OpenAiError? Error)> ReadFormAsync(HttpRequest request, long maxUploadBytes, CancellationToken cancellationToken)
    {
        // A form may carry an image, so it gets the upload limit instead of the server-wide JSON limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxUploadBytes;
        }

        if (request.ContentLength > maxUploadBytes)
        {
            return (null, TooLarge(maxUploadBytes));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxUploadBytes));
        }
        catch (InvalidDataException ex)
        {
            return (null, new OpenAiError(400, OpenAiError.InvalidRequest, "The multipart body could not be read: " + ex.Message));
        }

        return (new OpenAiCreateInput
        {
            Prompt = Field(form, "prompt"),
            Model = Field(form, "model"),
            Seconds = Field(form, "seconds"),
            Size = Field(form, "size"),
            HasUploadedReference = form.Files.GetFile("input_reference") is not null || Field(form, "input_reference") is not null,
            ReferenceImageUrl = Field(form, "input_reference[image_url]"),
            ReferenceFileId = Field(form, "input_reference[file_id]"),
        }, null);
    }

    private static async Task<(OpenAiCreateInput? Input, OpenAiError? Error)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, OpenAiJson.Context.OpenAiCreateVideoRequest, required: true, cancellationToken);
        if (error is not null)
        {
            return (null, OpenAiError.From(error));
        }

        string? seconds = null;
        if (body!.Seconds is { } value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    seconds = value.GetString();
                    break;
                case JsonValueKind.Number:
                    seconds = value.GetRawText();
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    return (null, OpenAiError.Invalid("seconds", $"Invalid type for 'seconds': expected a string such as '4', but got {value.ValueKind.ToString().ToLowerInvariant()} instead.", "invalid_type"));
            }
        }

        return (new OpenAiCreateInput
        {
            Prompt = body.Prompt,
            Model = body.Model,
            Seconds = seconds,
            Size = body.Size,
            ReferenceImageUrl = body.InputReference?.ImageUrl,
            ReferenceFileId = body.InputReference?.FileId,
        }, null);
    }

    private static string? Field(IFormCollection form, string name)
        => form.TryGetValue(name, out var values) && values.Count > 0 && values[0] is { Length: > 0 } value ? value : null;

    private static OpenAiError TooLarge(long limit)
        => new(413, OpenAiError.InvalidRequest, $"The request body is larger than {limit} bytes (Reelgate:OpenAi:MaxUploadBytes).", null, "request_too_large");
}
