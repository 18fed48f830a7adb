using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Runway;

/// <summary>
/// Runway's developer API (docs/vendors/runway.md): create a task on <c>/v1/text_to_video</c> or
/// <c>/v1/image_to_video</c>, poll <c>/v1/tasks/{id}</c>, download <c>output[0]</c> (a signed URL),
/// cancel with <c>DELETE /v1/tasks/{id}</c>. Runway has no idempotency key and no way to find a
/// task by our id, so a create whose answer is lost ends as <c>VENDOR_OUTCOME_UNKNOWN</c> (the
/// runner's rule) and this adapter does not implement <see cref="IVendorJobLookup"/>.
/// </summary>
internal sealed partial class RunwayVendor(
    IHttpClientFactory httpClients,
    RunwayReferenceImages referenceImages,
    IOptions<RunwayOptions> options,
    ILogger<RunwayVendor> log) : IVideoVendor, IVendorConcurrencyLimit
{
    public const string VendorName = "runway";

    /// <summary>The API version every call names (the official SDK's default).</summary>
    public const string ApiVersion = "2024-11-06";

    private readonly RunwayOptions _options = options.Value;
    private readonly Uri _baseUrl = new(options.Value.BaseUrl!.TrimEnd('/') + "/", UriKind.Absolute);

    public string Name => VendorName;

    public IReadOnlyList<VendorModel> Models { get; } = RunwayCatalog.Create(options.Value);

    public TimeSpan PollInterval => _options.PollInterval;

    public int MaxConcurrentJobs => _options.MaxConcurrentJobs;

    private HttpClient Http => httpClients.CreateClient(VendorName);

    public async Task<VendorSubmission> SubmitAsync(VendorJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Spec;
        if (!Models.Any(m => m.Model == request.Model))
        {
            throw new ArgumentException($"Runway has no model '{request.Model}' in this gateway.", nameof(request));
        }

        if (spec.Prompt.Length > RunwayCatalog.MaxPromptLength)
        {
            // Checked here rather than left to Runway's 400: another vendor may take a longer prompt, and nothing was sent.
            throw new VendorException(new VendorFailure(
                JobFailureCodes.InvalidRequest,
                $"Runway takes prompts of at most {RunwayCatalog.MaxPromptLength} characters; this one has {spec.Prompt.Length}.",
                IsVendorFault: true));
        }

        var promptImage = spec.ReferenceImageUrl is { } image ? await referenceImages.PromptImageAsync(image, cancellationToken) : null;
        var body = new RunwayCreateRequest
        {
            Model = request.Model,
            PromptText = spec.Prompt,
            Ratio = RunwayCatalog.Ratio(spec.Resolution, spec.Aspect),
            Duration = spec.DurationSeconds,
            PromptImage = promptImage,
            Audio = RunwayCatalog.TakesAudio(request.Model) ? _options.Audio : null,
        };

        using var message = Request(HttpMethod.Post, promptImage is null ? "v1/text_to_video" : "v1/image_to_video");
        message.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, RunwayJsonContext.Default.RunwayCreateRequest))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        };
        var created = await VendorHttp.SendAsync(Http, VendorName, message, RunwayJsonContext.Default.RunwayTaskCreated, isSubmit: true, RunwayErrors.ClassifySubmit, cancellationToken);
        if (string.IsNullOrEmpty(created.Id))
        {
            // A 2xx without a task id: Runway may be running it, and we cannot poll it.
            throw new VendorException(
                new VendorFailure(JobFailureCodes.BadResponse, "Runway accepted the task without giving its id.", IsVendorFault: true),
                maybeAccepted: true);
        }

        Log.TaskCreated(log, created.Id, request.JobId, request.Model);
        return new VendorSubmission(created.Id);
    }

    public async Task<VendorPollResult> PollAsync(VendorJobRequest request, string vendorJobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendorJobId);
        RunwayTask task;
        try
        {
            using var message = Request(HttpMethod.Get, TaskPath(vendorJobId));
            task = await VendorHttp.SendAsync(Http, VendorName, message, RunwayJsonContext.Default.RunwayTask, isSubmit: false, RunwayErrors.ClassifyPoll, cancellationToken);
        }
        catch (VendorException ex) when (ex.Failure.Code == RunwayErrors.TaskNotFound)
        {
            return Failed(ex.Failure);
        }

        switch (task.Status)
        {
            case "PENDING":
            case "THROTTLED":
                // THROTTLED: accepted and waiting for one of our account's concurrency slots; never a reason to fall back.
                return new VendorPollResult { Status = VendorJobStatus.Pending, Progress = task.Progress };
            case "RUNNING":
                return VendorPollResult.Running(task.Progress is { } progress ? Math.Clamp(progress, 0, 1) : null);
            case "SUCCEEDED":
                var url = task.Output?.FirstOrDefault();
                return new VendorPollResult
                {
                    Status = VendorJobStatus.Succeeded,
                    Progress = 1,
                    // No URL: the ingestor fails the attempt as VENDOR_BAD_OUTPUT (a vendor fault).
                    Video = Uri.TryCreate(url, UriKind.Absolute, out var output) ? new VendorOutput(output, null) : null,
                };
            case "FAILED":
                var failure = RunwayErrors.TaskFailed(task.FailureCode, task.Failure);
                Log.TaskFailed(log, vendorJobId, request.JobId, task.FailureCode ?? "none");
                return Failed(failure);
            case "CANCELLED":
                // Not by us: the runner stops polling once it cancels. Runway or its operator stopped it.
                return Failed(new VendorFailure(RunwayErrors.Canceled, "Runway cancelled the task.", IsVendorFault: true));
            default:
                // A state added after this adapter: keep polling; the job deadline bounds it.
                Log.UnknownStatus(log, vendorJobId, task.Status ?? "null");
                return VendorPollResult.Running(task.Progress);
        }
    }

    public async Task CancelAsync(string vendorJobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendorJobId);
        try
        {
            using var message = Request(HttpMethod.Delete, TaskPath(vendorJobId));
            message.Headers.Accept.Clear();
            message.Headers.Accept.ParseAdd("*/*");
            await VendorHttp.SendAsync(Http, VendorName, message, RunwayJsonContext.Default.JsonElement, isSubmit: false, RunwayErrors.ClassifyPoll, cancellationToken);
            Log.TaskCanceled(log, vendorJobId);
        }
        catch (VendorException ex) when (ex.Failure.Code == JobFailureCodes.BadResponse)
        {
            // DELETE answers 2xx with no body, which SendAsync cannot read as JSON: done.
            Log.TaskCanceled(log, vendorJobId);
        }
        catch (VendorException ex) when (ex.Failure.Code == RunwayErrors.TaskNotFound)
        {
            // Already gone.
        }
        catch (VendorException ex)
        {
            // Best effort: a cancel that fails must not fail the job's own ending.
            Log.CancelFailed(log, vendorJobId, ex);
        }
    }

    public async Task<Stream> OpenOutputAsync(VendorOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Url is null)
        {
            throw new ArgumentException("A Runway output is a URL.", nameof(output));
        }

        // A signed URL: no Authorization header, so our key never reaches the storage host.
        using var message = new HttpRequestMessage(HttpMethod.Get, output.Url);
        var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new VendorException(new VendorFailure(JobFailureCodes.VendorBadOutput, $"Runway's output link answered {status}.", IsVendorFault: true));
        }

        // Disposing the content stream releases the response.
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    private static VendorPollResult Failed(VendorFailure failure) => new() { Status = VendorJobStatus.Failed, Failure = failure };

    private static string TaskPath(string taskId) => "v1/tasks/" + Uri.EscapeDataString(taskId);

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var message = new HttpRequestMessage(method, new Uri(_baseUrl, path));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        message.Headers.Add("X-Runway-Version", ApiVersion);
        message.Headers.Accept.ParseAdd("application/json");
        return message;
    }
}
