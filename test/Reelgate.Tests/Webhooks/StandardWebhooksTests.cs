using Reelgate.Core.Webhooks;

namespace Reelgate.Tests.Webhooks;

public sealed class StandardWebhooksTests
{
    [Fact]
    public void Sign_reproduces_the_published_standard_webhooks_test_vector()
    {
        // The reference vector of the Standard Webhooks libraries: a receiver's stock verifier must accept what we send.
        var signature = StandardWebhooks.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void NewSecret_is_whsec_and_32_random_bytes()
    {
        var a = StandardWebhooks.NewSecret();
        var b = StandardWebhooks.NewSecret();

        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(a["whsec_".Length..]).Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Sign_changes_with_the_body_the_id_and_the_timestamp()
    {
        const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var baseline = StandardWebhooks.Sign(Secret, "msg_1", 100, "{}");

        Assert.NotEqual(baseline, StandardWebhooks.Sign(Secret, "msg_2", 100, "{}"));
        Assert.NotEqual(baseline, StandardWebhooks.Sign(Secret, "msg_1", 101, "{}"));
        Assert.NotEqual(baseline, StandardWebhooks.Sign(Secret, "msg_1", 100, "{ }"));
    }
}
