using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Luma;

/// <summary>
/// The <c>luma</c> vendor: Luma's Dream Machine API (docs/vendors/luma.md). A job is one generation:
/// <c>POST /generations</c>, then <c>GET /generations/{id}</c> until <c>completed</c> or <c>failed</c>;
/// cancel is <c>DELETE /generations/{id}</c>. Every API call carries <c>Authorization: Bearer</c>;
/// output links are public CDN URLs and get no key.
/// </summary>
/// <remarks>
/// Luma has no idempotency key. When <see cref="LumaOptions.CallbackUrl"/> is set, each create carries
/// that URL tagged with our job id and model, which Luma echoes back, so a create whose answer was
/// lost is looked up in <c>GET /generations</c> (<see cref="FindVendorJobAsync"/>); otherwise such a
/// job fails as <c>VENDOR_OUTCOME_UNKNOWN</c> and keeps its hold.
/// </remarks>
internal sealed partial class LumaVendor(
    IHttpClientFactory httpClients,
    IOptions<LumaOptions> options,
    TimeProvider time,
    ILogger<LumaVendor> log) : IVideoVendor, IVendorJobLookup, IVendorConcurrencyLimit
{
    public const string VendorName = "luma";

    /// <summary>One page of <c>GET /generations</c> while looking for a lost create.</summary>
    private const int LookupPageSize = 100;

    /// <summary>How far back the lookup reads (newest first is assumed; UNCONFIRMED).</summary>
    private const int LookupMaxGenerations = 500;

    /// <summary>A second look after this long, since a just-created generation may not be listed yet.</summary>
    private static readonly TimeSpan LookupGrace = TimeSpan.FromSeconds(2);

    private readonly LumaOptions _options = options.Value;
    private readonly string _baseUrl = (options.Value.BaseUrl ?? LumaOptions.DefaultBaseUrl).TrimEnd('/');

    public string Name => VendorName;

    public IReadOnlyList<VendorModel> Models { get; } = LumaCatalog.Create(options.Value);

    public TimeSpan PollInterval => _options.PollInterval;

    public int MaxConcurrentJobs => _options.MaxConcurrentJobs;

    private HttpClient Http => httpClients.CreateClient(VendorName);

    public async Task<VendorSubmission> SubmitAsync(VendorJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = Api(HttpMethod.Post, "generations");
        message.Content = Json(CreateBody(request), LumaJsonContext.Default.LumaCreateRequest);
        LumaGeneration generation;
        try
        {
            generation = await VendorHttp.SendAsync(Http, Name, message, LumaJsonContext.Default.LumaGeneration, isSubmit: true, LumaErrors.ClassifySubmit, cancellationToken);
        }
        catch (VendorException ex)
        {
            Log.SubmitRefused(log, request.JobId, request.Model, ex.Failure.Code);
            throw;
        }

        if (string.IsNullOrEmpty(generation.Id))
        {
            // A 2xx without an id: Luma may have created it, we cannot tell which one.
            throw new VendorException(
                new VendorFailure(JobFailureCodes.BadResponse, "Luma answered the create without a generation id.", IsVendorFault: true),
                maybeAccepted: true);
        }

        Log.Submitted(log, request.JobId, request.Model, generation.Id);
        return new VendorSubmission(generation.Id);
    }

    public async Task<VendorPollResult> PollAsync(VendorJobRequest request, string vendorJobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(vendorJobId);
        LumaGeneration generation;
        try
        {
            using var message = Api(HttpMethod.Get, "generations/" + Uri.EscapeDataString(vendorJobId));
            generation = await VendorHttp.SendAsync(Http, Name, message, LumaJsonContext.Default.LumaGeneration, isSubmit: false, LumaErrors.ClassifyLookup, cancellationToken);
        }
        catch (VendorException ex) when (ex.Failure.Code == LumaErrors.GenerationNotFound)
        {
            // Gone at Luma (deleted, or never ours): nothing will come of it, and a missing generation is not billed.
            return Failed(ex.Failure);
        }

        switch (generation.State)
        {
            case "queued":
                return new VendorPollResult { Status = VendorJobStatus.Pending };
            case "completed":
                return new VendorPollResult
                {
                    Status = VendorJobStatus.Succeeded,
                    Progress = 1,
                    Video = Output(generation.Assets?.Video),
                    Thumbnail = Output(generation.Assets?.Image),
                };
            case "failed":
                var failure = LumaErrors.FromFailureReason(generation.FailureReason);
                Log.GenerationFailed(log, request.JobId, vendorJobId, failure.Code);
                return Failed(failure);
            default:
                // "dreaming", or a state newer than this adapter: not terminal, so keep polling.
                return VendorPollResult.Running(null);
        }
    }

    /// <summary>
    /// <c>DELETE /generations/{id}</c>, documented as "remove a generation"; whether it stops a
    /// <c>dreaming</c> job is UNCONFIRMED, so it is best effort: a generation already gone is fine and
    /// any other failure is logged, never thrown.
    /// </summary>
    public async Task CancelAsync(string vendorJobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendorJobId);
        try
        {
            using var message = Api(HttpMethod.Delete, "generations/" + Uri.EscapeDataString(vendorJobId));
            message.Headers.Accept.Clear();
            message.Headers.Accept.ParseAdd("*/*");
            await VendorHttp.SendAsync(Http, Name, message, LumaJsonContext.Default.JsonElement, isSubmit: false, LumaErrors.ClassifyLookup, cancellationToken);
            Log.Canceled(log, vendorJobId);
        }
        catch (VendorException ex) when (ex.Failure.Code == JobFailureCodes.BadResponse)
        {
            // The documented answer has no body (the SDKs read it as None): a 2xx with nothing to parse is success.
            Log.Canceled(log, vendorJobId);
        }
        catch (VendorException ex) when (ex.Failure.Code == LumaErrors.GenerationNotFound)
        {
            Log.CancelIgnored(log, vendorJobId);
        }
        catch (VendorException ex)
        {
            Log.CancelFailed(log, vendorJobId, ex.Failure.Code);
        }
    }

    /// <summary>Streams an asset from Luma's CDN (public links: no key is sent off the API host).</summary>
    public async Task<Stream> OpenOutputAsync(VendorOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var url = output.Url ?? throw new ArgumentException("Luma outputs are URLs.", nameof(output));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or IOException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new VendorException(new VendorFailure(JobFailureCodes.Unavailable, $"Luma's output could not be fetched: {ex.Message}", IsVendorFault: true), innerException: ex);
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            Log.OutputRefused(log, status);
            throw new VendorException(new VendorFailure(JobFailureCodes.VendorBadOutput, string.Create(CultureInfo.InvariantCulture, $"Luma's output link answered {status}."), IsVendorFault: true));
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    /// <summary>
    /// Finds the generation a lost create made, by the callback tag Luma echoes in
    /// <c>request.callback_url</c>. Not finding it proves nothing (the list may lag), so that throws,
    /// and the runner fails the job as <c>VENDOR_OUTCOME_UNKNOWN</c> with its hold kept.
    /// </summary>
    public async Task<string?> FindVendorJobAsync(VendorJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CallbackTag(request) is not { } tag)
        {
            throw new VendorException(new VendorFailure(
                JobFailureCodes.OutcomeUnknown,
                "Luma has no idempotency key and Reelgate:Vendors:Luma:CallbackUrl is not set, so a create whose answer was lost cannot be looked up.",
                IsVendorFault: false));
        }

        for (var look = 0; look < 2; look++)
        {
            if (look > 0)
            {
                await Task.Delay(LookupGrace, time, cancellationToken);
            }

            for (var offset = 0; offset < LookupMaxGenerations; offset += LookupPageSize)
            {
                using var message = Api(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"generations?limit={LookupPageSize}&offset={offset}"));
                var page = await VendorHttp.SendAsync(Http, Name, message, LumaJsonContext.Default.LumaGenerationList, isSubmit: false, null, cancellationToken);
                var match = page.Generations.FirstOrDefault(g => !string.IsNullOrEmpty(g.Id) && string.Equals(g.Request?.CallbackUrl, tag, StringComparison.Ordinal));
                if (match is not null)
                {
                    Log.LookupFound(log, request.JobId, match.Id!);
                    return match.Id;
                }

                if (page.HasMore != true || page.Generations.Count < LookupPageSize)
                {
                    break;
                }
            }
        }

        Log.LookupNotFound(log, request.JobId);
        throw new VendorException(new VendorFailure(
            JobFailureCodes.OutcomeUnknown,
            "No Luma generation carries this job's callback tag yet; it may still appear.",
            IsVendorFault: false));
    }

    private LumaCreateRequest CreateBody(VendorJobRequest request)
    {
        var spec = request.Spec;
        var sized = LumaCatalog.TakesResolutionAndDuration(request.Model);
        return new LumaCreateRequest
        {
            Model = request.Model,
            Prompt = spec.Prompt,
            Resolution = sized ? LumaCatalog.ResolutionName(spec.Resolution) : null,
            Duration = sized ? LumaCatalog.DurationName(spec.DurationSeconds) : null,
            AspectRatio = LumaCatalog.AspectName(spec.Aspect),
            Keyframes = spec.ReferenceImageUrl is { } image ? new LumaKeyframes { Frame0 = new LumaImageReference { Url = image } } : null,
            CallbackUrl = CallbackTag(request),
        };
    }

    /// <summary>The callback URL tagged with our job id and model, or null when no callback is configured.</summary>
    private string? CallbackTag(VendorJobRequest request)
    {
        if (string.IsNullOrWhiteSpace(_options.CallbackUrl))
        {
            return null;
        }

        var separator = _options.CallbackUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{_options.CallbackUrl}{separator}reelgate_job={Uri.EscapeDataString(request.JobId)}&reelgate_model={Uri.EscapeDataString(request.Model)}";
    }

    private HttpRequestMessage Api(HttpMethod method, string relative)
    {
        var message = new HttpRequestMessage(method, new Uri(_baseUrl + "/" + relative, UriKind.Absolute));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        message.Headers.Accept.ParseAdd("application/json");
        return message;
    }

    private static ByteArrayContent Json<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static VendorOutput? Output(string? url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? new VendorOutput(uri, null)
            : null;

    private static VendorPollResult Failed(VendorFailure failure) => new() { Status = VendorJobStatus.Failed, Failure = failure };
}
