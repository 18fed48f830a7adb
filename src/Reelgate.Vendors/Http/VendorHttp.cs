using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Reelgate.Core.Jobs;
using Reelgate.Core.Ports;

namespace Reelgate.Vendors.Http;

/// <summary>
/// Sends one vendor call through the vendor's resilient HttpClient and turns every way it can go
/// wrong into a classified <see cref="VendorException"/> (DESIGN §3), so adapters only describe
/// the happy path and the vendor's own error vocabulary.
/// </summary>
internal static class VendorHttp
{
    /// <summary>
    /// Sends <paramref name="request"/> and reads a JSON answer. A submit (<paramref name="isSubmit"/>)
    /// whose answer is lost after it left (timeout, reset, unreadable 2xx) is reported as maybe accepted.
    /// <paramref name="classify"/> maps a non-2xx answer the vendor explains in its own words; return
    /// null to use the generic mapping.
    /// </summary>
    public static async Task<T> SendAsync<T>(
        HttpClient http,
        string vendor,
        HttpRequestMessage request,
        JsonTypeInfo<T> answer,
        bool isSubmit,
        Func<HttpStatusCode, string, VendorException?>? classify,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new VendorException(new VendorFailure(JobFailureCodes.Unavailable, $"{vendor} is failing; its circuit is open.", IsVendorFault: true), innerException: ex);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable })
        {
            // The request never left: not accepted.
            throw new VendorException(new VendorFailure(JobFailureCodes.Unavailable, $"{vendor} could not be reached: {ex.Message}", IsVendorFault: true), innerException: ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new VendorException(
                new VendorFailure(JobFailureCodes.Unavailable, $"{vendor} did not answer: {ex.Message}", IsVendorFault: true),
                maybeAccepted: isSubmit,
                innerException: ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw classify?.Invoke(response.StatusCode, body) ?? Classify(vendor, response, body);
            }

            try
            {
                return JsonSerializer.Deserialize(body, answer) ?? throw new JsonException("empty body");
            }
            catch (JsonException ex)
            {
                throw new VendorException(
                    new VendorFailure(JobFailureCodes.BadResponse, $"{vendor} answered {(int)response.StatusCode} with a body that is not the documented JSON.", IsVendorFault: true),
                    maybeAccepted: isSubmit,
                    innerException: ex);
            }
        }
    }

    /// <summary>The generic reading of an error status.</summary>
    public static VendorException Classify(string vendor, HttpResponseMessage response, string body)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var detail = Trim(body);
        return status switch
        {
            429 => new VendorException(new VendorFailure(JobFailureCodes.RateLimited, $"{vendor} is rate limiting: {detail}", IsVendorFault: true), retryAfter: RetryAfter(response) ?? TimeSpan.FromSeconds(1)),
            401 or 403 => new VendorException(new VendorFailure(JobFailureCodes.Unauthorized, $"{vendor} refused our credentials ({status}); check the gateway's configuration.", IsVendorFault: true)),
            400 or 404 or 409 or 413 or 422 => new VendorException(new VendorFailure(JobFailureCodes.InvalidRequest, $"{vendor} refused the request ({status}): {detail}", IsVendorFault: false)),
            _ => new VendorException(new VendorFailure(JobFailureCodes.VendorInternal, $"{vendor} failed ({status}): {detail}", IsVendorFault: true)),
        };
    }

    /// <summary>The statuses whose <c>Location</c> a hop-by-hop follower goes on to (clients here follow none themselves).</summary>
    public static bool IsRedirect(HttpStatusCode status)
        => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
               && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static string Trim(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
