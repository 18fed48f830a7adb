using System.Net;
using System.Text;
using System.Text.Json;

namespace Reelgate.FunctionalTests.Infrastructure;

/// <summary>Small helpers over the raw HTTP API (tests speak JSON on the wire, not through our client).</summary>
internal static class VideoClient
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json)
        => client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    public static async Task<string> GenerateAsync(this HttpClient client, string json)
    {
        var response = await client.PostJsonAsync("/v1/video/generate", json);
        var body = await response.JsonAsync(HttpStatusCode.Accepted);
        return body.GetProperty("job_id").GetString()!;
    }

    public static async Task<JsonElement> GetJobAsync(this HttpClient client, string id)
        => await (await client.GetAsync($"/v1/video/get/{id}", TestContext.Current.CancellationToken)).JsonAsync();

    /// <summary>Polls <c>get</c> until the job reaches one of <paramref name="states"/> (bounded).</summary>
    public static async Task<JsonElement> WaitForStateAsync(this HttpClient client, string id, TimeSpan timeout, params string[] states)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JsonElement job;
        do
        {
            job = await client.GetJobAsync(id);
            if (states.Contains(job.GetProperty("state").GetString()))
            {
                return job;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (clock.Elapsed < timeout);

        Assert.Fail($"Job {id} did not reach {string.Join("/", states)} within {timeout}; last: {job}");
        return job;
    }

    public static Task<JsonElement> WaitForSuccessAsync(this HttpClient client, string id)
        => client.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "succeeded");
}
