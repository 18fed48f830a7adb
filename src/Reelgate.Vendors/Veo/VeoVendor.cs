using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Veo;

/// <summary>
/// Google Veo through the Gemini API (docs/vendors/veo.md): <c>POST models/{model}:predictLongRunning</c>
/// answers a long-running operation whose name is the vendor job id; <c>GET {name}</c> polls it; the
/// finished operation links the video, which is downloaded with the API key. Veo takes no client
/// request id and lists no operations, so a submit whose answer is lost cannot be looked up
/// (no <see cref="IVendorJobLookup"/>): the runner fails it as <c>VENDOR_OUTCOME_UNKNOWN</c> and keeps the hold.
/// </summary>
internal sealed partial class VeoVendor(
    IOptions<VeoOptions> options,
    IHttpClientFactory httpClients,
    ReferenceImageFetcher referenceImages,
    ILogger<VeoVendor> log) : IVideoVendor, IVendorConcurrencyLimit
{
    public const string VendorName = "veo";

    /// <summary>Google's API key header, on every call including the file download.</summary>
    internal const string ApiKeyHeader = "x-goog-api-key";
    private const string ApiVersion = "v1beta/";

    private readonly VeoOptions _options = options.Value;
    private readonly Uri _apiBase = ApiBase(options.Value.BaseUrl);

    public string Name => VendorName;

    public IReadOnlyList<VendorModel> Models { get; } = VeoModels.Declare(VendorName, options.Value.PricePerSecondUsd);

    public TimeSpan PollInterval => _options.PollInterval;

    public int MaxConcurrentJobs => _options.MaxConcurrentJobs;

    public async Task<VendorSubmission> SubmitAsync(VendorJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = VeoModels.Find(request.Model)
            ?? throw new VendorException(new VendorFailure(JobFailureCodes.InvalidRequest, $"Veo has no model '{request.Model}' on this gateway.", IsVendorFault: true));
        var spec = request.Spec;
        if (spec.DurationSeconds != 8 && model.EightSecondsOnly.Contains(spec.Resolution))
        {
            // The model declares this (DurationsByResolution), so the router never plans it; kept as a
            // guard for a pinned or stale plan. Nothing is sent: the next model of the plan may take the job.
            throw new VendorException(new VendorFailure(JobFailureCodes.VendorUnsupported, $"{model.Id} renders {spec.Resolution.Name()} only at 8 s; {spec.DurationSeconds} s was ordered.", IsVendorFault: true));
        }

        var hasImage = spec.ReferenceImageUrl is not null;
        var image = spec.ReferenceImageUrl is { } url ? await FetchReferenceImageAsync(request.JobId, url, cancellationToken) : null;
        var body = new VeoPredictRequest
        {
            Instances = [new VeoInstance { Prompt = spec.Prompt, Image = image }],
            Parameters = new VeoParameters
            {
                AspectRatio = spec.Aspect.Name(),
                Resolution = model.SendsResolution ? spec.Resolution.Name() : null,
                DurationSeconds = spec.DurationSeconds,
                SampleCount = 1,
            },
        };

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_apiBase, $"models/{model.Id}:predictLongRunning"))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, VeoJsonContext.Default.VeoPredictRequest))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        AddApiKey(message);
        VeoOperation operation;
        try
        {
            operation = await VendorHttp.SendAsync(Http(), Name, message, VeoJsonContext.Default.VeoOperation, isSubmit: true, (status, text) => VeoFailures.FromHttp(status, text, hasImage), cancellationToken);
        }
        catch (VendorException ex)
        {
            Log.SubmitRefused(log, request.JobId, model.Id, ex.Failure.Code, ex.MaybeAccepted);
            throw;
        }

        if (operation.Name is not { } name || !IsOperationName(name))
        {
            // A 2xx means Google may have started (and will charge for) the job, but there is nothing to poll.
            Log.SubmitRefused(log, request.JobId, model.Id, JobFailureCodes.BadResponse, maybeAccepted: true);
            throw new VendorException(new VendorFailure(JobFailureCodes.BadResponse, "Veo answered the submit without a usable operation name.", IsVendorFault: true), maybeAccepted: true);
        }

        Log.Submitted(log, request.JobId, model.Id, name);
        return new VendorSubmission(name);
    }

    public async Task<VendorPollResult> PollAsync(VendorJobRequest request, string vendorJobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsOperationName(vendorJobId))
        {
            throw new ArgumentException($"'{vendorJobId}' is not a Veo operation name.", nameof(vendorJobId));
        }

        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(_apiBase, vendorJobId));
        AddApiKey(message);
        var hasImage = request.Spec.ReferenceImageUrl is not null;
        var operation = await VendorHttp.SendAsync(Http(), Name, message, VeoJsonContext.Default.VeoOperation, isSubmit: false, (status, text) => VeoFailures.FromHttp(status, text, hasImage), cancellationToken);
        if (operation.Done != true)
        {
            // Google reports neither queue position nor progress for Veo operations.
            return VendorPollResult.Running(null);
        }

        if (operation.Error is { } error)
        {
            return Failed(request.JobId, VeoFailures.FromOperationError(error, hasImage));
        }

        var answer = operation.Response?.GenerateVideoResponse;
        var video = answer?.GeneratedSamples?.Select(s => s.Video).FirstOrDefault(v => v?.Uri is { Length: > 0 } || v?.EncodedVideo is { Length: > 0 });
        if (video is null)
        {
            if (answer?.RaiMediaFilteredCount is > 0 and var filtered)
            {
                Log.SafetyFiltered(log, request.JobId, filtered);
                return Failed(request.JobId, VeoFailures.SafetyFiltered(filtered, answer.RaiMediaFilteredReasons, hasImage));
            }

            return Failed(request.JobId, new VendorFailure(JobFailureCodes.BadResponse, "Veo finished the job without a video or a reason.", IsVendorFault: true));
        }

        VendorOutput output;
        if (video.Uri is { Length: > 0 } link)
        {
            if (!Uri.TryCreate(_apiBase, link, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                return Failed(request.JobId, new VendorFailure(JobFailureCodes.BadResponse, "Veo linked its video with an unusable URL.", IsVendorFault: true));
            }

            output = new VendorOutput(uri, null);
        }
        else if (await WriteInlineVideoAsync(request.JobId, video.EncodedVideo!, cancellationToken) is { } path)
        {
            output = new VendorOutput(null, path);
        }
        else
        {
            return Failed(request.JobId, new VendorFailure(JobFailureCodes.BadResponse, "Veo's inline video is not valid base64.", IsVendorFault: true));
        }

        return new VendorPollResult { Status = VendorJobStatus.Succeeded, Progress = 1, Video = output };
    }

    /// <summary>
    /// The Gemini API has no cancel for Veo operations (neither official SDK exposes one; whether Google's
    /// generic LRO <c>:cancel</c> works for Veo is UNCONFIRMED), so a cancel only stops our polling: Veo
    /// finishes the job, and may charge for it.
    /// </summary>
    public Task CancelAsync(string vendorJobId, CancellationToken cancellationToken)
    {
        Log.CancelNotSupported(log, vendorJobId);
        return Task.CompletedTask;
    }

    private HttpClient Http() => httpClients.CreateClient(VendorName);

    private void AddApiKey(HttpRequestMessage message)
    {
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            message.Headers.TryAddWithoutValidation(ApiKeyHeader, _options.ApiKey);
        }
    }

    private VendorPollResult Failed(string jobId, VendorFailure failure)
    {
        Log.JobFailed(log, jobId, failure.Code, failure.IsVendorFault);
        return new VendorPollResult { Status = VendorJobStatus.Failed, Failure = failure };
    }

    /// <summary><c>{BaseUrl}/v1beta/</c>; a BaseUrl that already ends in the version is taken as it is.</summary>
    private static Uri ApiBase(string? baseUrl)
    {
        var root = string.IsNullOrWhiteSpace(baseUrl) ? VeoOptions.DefaultBaseUrl : baseUrl.Trim();
        if (!root.EndsWith('/'))
        {
            root += "/";
        }

        return new Uri(root.EndsWith("/" + ApiVersion, StringComparison.Ordinal) ? root : root + ApiVersion, UriKind.Absolute);
    }

    /// <summary>Operation names come back from Google and become request paths: only plain segments, no dot-segments, query or scheme.</summary>
    private static bool IsOperationName(string name)
        => OperationNamePattern().IsMatch(name) && !name.Split('/').Any(segment => segment is "." or "..");

    [GeneratedRegex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex OperationNamePattern();
}
