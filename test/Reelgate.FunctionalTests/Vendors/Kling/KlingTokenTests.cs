using Microsoft.Extensions.Time.Testing;
using Reelgate.Vendors.Kling;

namespace Reelgate.FunctionalTests.Vendors.Kling;

/// <summary>The adapter's JWT, checked by the stub's verifier (signature with the test secret, claims, lifetime).</summary>
public sealed class KlingTokenTests
{
    [Fact]
    public void A_token_is_reused_until_five_minutes_before_it_expires_then_minted_anew()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var token = new KlingToken(KlingStub.AccessKey, KlingStub.SecretKey, time);

        var first = token.Get();
        time.Advance(TimeSpan.FromMinutes(24));
        var reused = token.Get();
        time.Advance(TimeSpan.FromMinutes(1.5));
        var renewed = token.Get();

        Assert.Equal(first, reused);
        Assert.NotEqual(first, renewed);
        var (code, claims) = KlingStub.VerifyToken("Bearer " + first);
        Assert.Equal(0, code);
        Assert.Equal(KlingStub.AccessKey, (string?)claims!["iss"]);
        var issued = time.GetUtcNow() - TimeSpan.FromMinutes(25.5);
        Assert.Equal(issued.ToUnixTimeSeconds() + 1800, (long)claims["exp"]!);
        Assert.Equal(issued.ToUnixTimeSeconds() - 5, (long)claims["nbf"]!);
    }

    [Fact]
    public void Invalidate_mints_a_new_token_on_the_next_call()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var token = new KlingToken(KlingStub.AccessKey, KlingStub.SecretKey, time);
        var first = token.Get();
        time.Advance(TimeSpan.FromSeconds(2));

        token.Invalidate();

        Assert.NotEqual(first, token.Get());
    }

    [Fact]
    public void A_token_signed_with_another_secret_fails_the_stubs_check()
    {
        var token = new KlingToken(KlingStub.AccessKey, "another-secret", TimeProvider.System);

        Assert.Equal(1002, KlingStub.VerifyToken("Bearer " + token.Get()).Code);
    }
}
