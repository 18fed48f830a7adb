using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;
using Reelgate.Core.Routing;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Kling;

/// <summary>
/// The <c>kling</c> vendor (Kuaishou's Kling API, docs/vendors/kling.md): text-to-video, or
/// image-to-video when the job has a reference image (Kling takes the image by URL). Each task
/// carries <c>external_task_id</c> = our job id + model, so a create whose answer was lost is found
/// by a query instead of being sent twice. Kling has no cancel endpoint.
/// </summary>
internal sealed partial class KlingVendor(
    IHttpClientFactory httpClients,
    IOptions<KlingOptions> options,
    TimeProvider time,
    ILogger<KlingVendor> log) : IVideoVendor, IVendorJobLookup, IVendorConcurrencyLimit
{
    public const string VendorName = "kling";
    public const string ConfigurationName = "Kling";

    private const string TextToVideo = "/v1/videos/text2video";
    private const string ImageToVideo = "/v1/videos/image2video";
    private const string BadOutput = JobFailureCodes.VendorBadOutput;

    private readonly KlingOptions _options = options.Value;
    private readonly string _baseUrl = (options.Value.BaseUrl ?? KlingOptions.DefaultBaseUrl).TrimEnd('/');
    private readonly KlingToken _token = new(options.Value.AccessKey ?? string.Empty, options.Value.SecretKey ?? string.Empty, time);

    public string Name => VendorName;

    public IReadOnlyList<VendorModel> Models { get; } =
        [.. KlingCatalog.Models.Select(m => m.ToVendorModel(VendorName, options.Value.PricePerSecondUsd))];

    public TimeSpan PollInterval => _options.PollInterval;

    public int MaxConcurrentJobs => _options.MaxConcurrentJobs;

    /// <summary>
    /// Our id for a Kling task: the job id plus the model, unique in the account (Kling requires that)
    /// even when one job falls through from one Kling model to another, and the same for every submit
    /// of one plan step, so a step re-sent after a crash collides with its first task instead of
    /// starting a second one.
    /// </summary>
    public static string ExternalTaskId(VendorJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.JobId + "-" + request.Model;
    }

    public async Task<VendorSubmission> SubmitAsync(VendorJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = KlingCatalog.Find(request.Model) ?? throw new ArgumentException($"Kling has no model '{request.Model}' in the adapter's catalog.", nameof(request));
        var spec = request.Spec;
        var body = new KlingCreateRequest
        {
            ModelName = model.Name,
            Prompt = spec.Prompt,
            Mode = KlingModel.ModeFor(spec.Resolution),

            // Image-to-video takes no aspect ratio: the output follows the image.
            AspectRatio = spec.ReferenceImageUrl is null ? spec.Aspect.Name() : null,
            Duration = spec.DurationSeconds.ToString(CultureInfo.InvariantCulture),
            Sound = model.CanAddSound ? "off" : null,
            Image = spec.ReferenceImageUrl,
            ExternalTaskId = ExternalTaskId(request),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(body, KlingJsonContext.Default.KlingCreateRequest);

        KlingEnvelope envelope;
        try
        {
            envelope = await CallAsync(HttpMethod.Post, PathFor(spec), json, isSubmit: true, cancellationToken);
        }
        catch (VendorException ex) when (ex.Failure.Code == JobFailureCodes.InvalidRequest && NamesUsedExternalId(ex.Failure.Message))
        {
            // This step's task exists already (a crash lost its id before it was recorded). The runner
            // looks it up by external_task_id and resumes it instead of starting another.
            Log.ExternalIdInUse(log, request.JobId);
            throw new VendorException(ex.Failure with { IsVendorFault = true }, maybeAccepted: true, innerException: ex);
        }

        var taskId = envelope.Data?.TaskId;
        if (string.IsNullOrWhiteSpace(taskId))
        {
            throw new VendorException(
                new VendorFailure(JobFailureCodes.BadResponse, "Kling accepted the create but named no task_id.", IsVendorFault: true),
                maybeAccepted: true);
        }

        Log.Submitted(log, request.JobId, model.Name, taskId);
        return new VendorSubmission(taskId);
    }

    public async Task<string?> FindVendorJobAsync(VendorJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The query path takes either the task_id or our external_task_id ("choose either").
        KlingEnvelope envelope;
        try
        {
            envelope = await CallAsync(HttpMethod.Get, PathFor(request.Spec, ExternalTaskId(request)), null, isSubmit: false, cancellationToken);
        }
        catch (VendorException ex) when (ex.Failure.Code == KlingErrors.NotFound)
        {
            // What Kling answers for an unknown external_task_id is UNCONFIRMED; 1203 / 404 is the documented
            // "resource does not exist". Any other answer throws, and the runner keeps the outcome unknown.
            Log.LookupFoundNothing(log, request.JobId);
            return null;
        }

        var taskId = envelope.Data?.TaskId;
        if (string.IsNullOrWhiteSpace(taskId))
        {
            throw new VendorException(new VendorFailure(JobFailureCodes.BadResponse, "Kling answered the query without a task_id.", IsVendorFault: true));
        }

        Log.LookupFound(log, request.JobId, taskId);
        return taskId;
    }

    public async Task<VendorPollResult> PollAsync(VendorJobRequest request, string vendorJobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(vendorJobId);
        var envelope = await CallAsync(HttpMethod.Get, PathFor(request.Spec, vendorJobId), null, isSubmit: false, cancellationToken);
        var task = envelope.Data
            ?? throw new VendorException(new VendorFailure(JobFailureCodes.BadResponse, "Kling answered the query without a task.", IsVendorFault: true));
        switch (task.TaskStatus)
        {
            case "submitted":
                return new VendorPollResult { Status = VendorJobStatus.Pending };
            case "processing":
                return VendorPollResult.Running(null);
            case "succeed":
                var url = task.TaskResult?.Videos?.FirstOrDefault()?.Url;
                Log.TaskSucceeded(log, request.JobId, vendorJobId, task.FinalUnitDeduction?.ToString() ?? "?");
                return new VendorPollResult
                {
                    Status = VendorJobStatus.Succeeded,
                    Progress = 1,

                    // A missing or broken link is reported by the ingestor as VENDOR_BAD_OUTPUT.
                    Video = Uri.TryCreate(url, UriKind.Absolute, out var video) ? new VendorOutput(video, null) : null,
                };
            case "failed":
                var failure = KlingErrors.TaskFailed(task.TaskStatusMsg);
                Log.TaskFailed(log, request.JobId, vendorJobId, failure.Code);
                return new VendorPollResult { Status = VendorJobStatus.Failed, Failure = failure };
            default:
                // A state added after the notes were written; only succeed/failed are terminal.
                Log.UnknownStatus(log, vendorJobId, task.TaskStatus ?? "(none)");
                return VendorPollResult.Running(null);
        }
    }

    /// <summary>Kling documents no cancel call: the task runs on (and is charged); the gateway just stops polling.</summary>
    public Task CancelAsync(string vendorJobId, CancellationToken cancellationToken)
    {
        Log.CancelNotSupported(log, vendorJobId);
        return Task.CompletedTask;
    }

    public async Task<Stream> OpenOutputAsync(VendorOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var url = output.Url ?? throw new ArgumentException("A Kling output is always a URL.", nameof(output));

        // Kling's output links are plain CDN URLs: no auth, and our token must not travel to another host.
        var http = httpClients.CreateClient(VendorName);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new VendorException(new VendorFailure(BadOutput, $"Kling's output link answered {status}.", IsVendorFault: true));
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    /// <summary>
    /// One Kling call through <see cref="VendorHttp"/>: bearer JWT, the envelope read and classified by
    /// <c>code</c> whatever the status. A token Kling calls expired or not yet valid (1004/1003, clock
    /// skew) is minted anew and the call sent once more.
    /// </summary>
    private async Task<KlingEnvelope> CallAsync(HttpMethod method, string path, byte[]? json, bool isSubmit, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(VendorName);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, _baseUrl + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token.Get());
            if (json is not null)
            {
                request.Content = new ByteArrayContent(json);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            int? refusal = null;
            KlingEnvelope envelope;
            try
            {
                envelope = await VendorHttp.SendAsync(http, VendorName, request, KlingJsonContext.Default.KlingEnvelope, isSubmit, (status, body) =>
                {
                    var error = KlingErrors.TryRead(body);
                    refusal = error?.Code;
                    return KlingErrors.Classify(status, error);
                }, cancellationToken);
            }
            catch (VendorException) when (attempt == 1 && refusal is 1003 or 1004)
            {
                Log.TokenRejected(log, refusal.Value);
                _token.Invalidate();
                continue;
            }
            catch (VendorException) when (refusal is >= 1100 and <= 1102)
            {
                Log.AccountProblem(log, refusal.Value);
                throw;
            }

            if (envelope.Code == 0)
            {
                return envelope;
            }

            // An error envelope on a 2xx: not accepted, whatever the status claimed.
            if (attempt == 1 && envelope.Code is 1003 or 1004)
            {
                Log.TokenRejected(log, envelope.Code);
                _token.Invalidate();
                continue;
            }

            if (envelope.Code is >= 1100 and <= 1102)
            {
                Log.AccountProblem(log, envelope.Code);
            }

            throw KlingErrors.Classify(HttpStatusCode.OK, envelope)
                ?? new VendorException(new VendorFailure(JobFailureCodes.VendorInternal, $"Kling failed ({envelope.Code} {envelope.Message}).", IsVendorFault: true));
        }
    }

    private static string PathFor(JobSpec spec, string? taskId = null)
    {
        var collection = spec.ReferenceImageUrl is null ? TextToVideo : ImageToVideo;
        return taskId is null ? collection : collection + "/" + Uri.EscapeDataString(taskId);
    }

    // Kling's answer to a reused external_task_id is UNCONFIRMED; a refusal that names the field or
    // says "duplicate"/"already exists" is read as one.
    private static bool NamesUsedExternalId(string message)
        => message.Contains("external_task_id", StringComparison.OrdinalIgnoreCase)
           && (message.Contains("exist", StringComparison.OrdinalIgnoreCase)
               || message.Contains("duplicate", StringComparison.OrdinalIgnoreCase)
               || message.Contains("used", StringComparison.OrdinalIgnoreCase)
               || message.Contains("unique", StringComparison.OrdinalIgnoreCase));
}
