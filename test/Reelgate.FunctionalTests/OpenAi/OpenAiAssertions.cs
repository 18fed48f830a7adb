using System.Net;
using System.Text.Json;
using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.OpenAi;

internal static class OpenAiAssertions
{
    /// <summary>
    /// Asserts the status and OpenAI's error envelope, <c>{"error": {"message", "type", "param", "code"}}</c>,
    /// with all four fields present (param and code may be null); answers the error object.
    /// </summary>
    public static async Task<JsonElement> AssertOpenAiErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string type = "invalid_request_error", string? param = null, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(["error"], document.RootElement.EnumerateObject().Select(p => p.Name));
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        Assert.StartsWith("req_", response.Headers.GetValues("X-Request-Id").Single(), StringComparison.Ordinal);
        return error.Clone();
    }

    /// <summary>Polls <c>GET /v1/videos/{id}</c> until the video is completed or failed (bounded).</summary>
    public static async Task<JsonElement> WaitForVideoAsync(this HttpClient client, string id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JsonElement video;
        do
        {
            video = await (await client.GetAsync($"/v1/videos/{id}", TestContext.Current.CancellationToken)).JsonAsync();
            if (video.GetProperty("status").GetString() is "completed" or "failed")
            {
                return video;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(90));

        Assert.Fail($"Video {id} did not finish within 90 s; last: {video}");
        return video;
    }

    public static async Task<JsonElement> CreateVideoAsync(this HttpClient client, string json)
        => await (await client.PostJsonAsync("/v1/videos", json)).JsonAsync();
}
