using Reelgate.FunctionalTests.Infrastructure;

namespace Reelgate.FunctionalTests.Files;

/// <summary>A configured file-signing key (shared by every node) is checked when the gateway starts.</summary>
public sealed class SigningKeyTests
{
    [Theory]
    [InlineData("CHANGE-ME-base64-32-bytes")]
    [InlineData("c2hvcnQ=")]
    public async Task A_signing_key_that_is_not_base64_of_32_bytes_stops_the_gateway_at_start(string key)
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Files:SigningKey", key));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(gateway.StartAsync);

        Assert.Contains("Reelgate:Files:SigningKey must be base64 of at least 32 random bytes", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signing_key_of_32_random_bytes_is_accepted()
    {
        using var data = new TempDirectory();
        await using var gateway = new GatewayProcess(data.Path, ("Files:SigningKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));

        await gateway.StartAsync();

        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(gateway.BaseUrl + "/healthz", TestContext.Current.CancellationToken)).StatusCode);
    }
}
