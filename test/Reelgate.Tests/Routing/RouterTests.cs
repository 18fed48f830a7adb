using Microsoft.Extensions.Time.Testing;
using Reelgate.Core.Jobs;
using Reelgate.Core.Routing;

namespace Reelgate.Tests.Routing;

public sealed class RouterTests
{
    // After delta/d1's removal date and after gamma/g1's deprecation date.
    private static readonly DateTimeOffset Today = new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);

    // Catalog of the tests, in catalog order. Quotes for the default spec (720p, 16:9, 5 s):
    // alpha/a1 250 000 (q5), beta/b1 1 000 000 (q9), beta/b2 500 000 (q7), gamma/g1 0 (q3), delta/d1 removed.
    private static readonly VendorModel Alpha1 = new()
    {
        Vendor = "alpha",
        Model = "a1",
        Resolutions = [Resolution.P720, Resolution.P1080],
        Durations = [5, 10],
        Aspects = [Aspect.Landscape, Aspect.Portrait],
        QualityRank = 5,
        PricePerSecondMicros = new Dictionary<Resolution, long> { [Resolution.P720] = 50_000, [Resolution.P1080] = 100_000 },
    };

    private static readonly VendorModel Beta1 = new()
    {
        Vendor = "beta",
        Model = "b1",
        Resolutions = [Resolution.P720, Resolution.P1080, Resolution.K4],
        Durations = [5, 10],
        Aspects = [Aspect.Landscape, Aspect.Portrait, Aspect.Square],
        SupportsReferenceImage = true,
        QualityRank = 9,
        PricePerSecondMicros = new Dictionary<Resolution, long> { [Resolution.P720] = 200_000, [Resolution.P1080] = 400_000, [Resolution.K4] = 800_000 },
    };

    private static readonly VendorModel Beta2 = new()
    {
        Vendor = "beta",
        Model = "b2",
        Resolutions = [Resolution.P720],
        Durations = [5],
        Aspects = [Aspect.Landscape],
        QualityRank = 7,
        PricePerSecondMicros = new Dictionary<Resolution, long> { [Resolution.P720] = 100_000 },
    };

    private static readonly VendorModel Gamma1 = new()
    {
        Vendor = "gamma",
        Model = "g1",
        Resolutions = [Resolution.P720],
        Durations = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        Aspects = [Aspect.Landscape, Aspect.Square],
        SupportsReferenceImage = true,
        QualityRank = 3,
        PricePerSecondMicros = new Dictionary<Resolution, long> { [Resolution.P720] = 0 },
        DeprecatedAfter = new DateOnly(2026, 1, 1),
    };

    // Would win every strategy if it were still routable.
    private static readonly VendorModel Delta1 = new()
    {
        Vendor = "delta",
        Model = "d1",
        Resolutions = [Resolution.P720, Resolution.P1080],
        Durations = [5],
        Aspects = [Aspect.Landscape],
        QualityRank = 10,
        PricePerSecondMicros = new Dictionary<Resolution, long> { [Resolution.P720] = 0, [Resolution.P1080] = 0 },
        DeprecatedAfter = new DateOnly(2026, 6, 1),
        RemovedAfter = new DateOnly(2026, 9, 24),
    };

    private static readonly VendorModel[] Catalog = [Alpha1, Beta1, Beta2, Gamma1, Delta1];

    [Theory]
    [InlineData(Resolution.K4, Aspect.Landscape, 5, "beta/b1")]
    [InlineData(Resolution.P1080, Aspect.Landscape, 10, "alpha/a1,beta/b1")]
    [InlineData(Resolution.P720, Aspect.Portrait, 5, "alpha/a1,beta/b1")]
    [InlineData(Resolution.P720, Aspect.Square, 5, "beta/b1,gamma/g1")]
    [InlineData(Resolution.P720, Aspect.Landscape, 3, "gamma/g1")]
    [InlineData(Resolution.P720, Aspect.Landscape, 10, "alpha/a1,beta/b1,gamma/g1")]
    [InlineData(Resolution.P720, Aspect.Landscape, 5, "alpha/a1,beta/b1,beta/b2,gamma/g1")]
    public void Plan_includes_exactly_the_models_that_support_resolution_aspect_and_duration(Resolution resolution, Aspect aspect, int duration, string expected)
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(resolution: resolution, aspect: aspect, duration: duration));

        Assert.Null(plan.Error);
        Assert.Equal(expected.Split(','), plan.Value!.Models.Select(m => m.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_with_a_reference_image_includes_only_models_that_accept_one()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec() with { ReferenceImageUrl = "https://example.com/ref.png" });

        Assert.Null(plan.Error);
        Assert.Equal(["beta/b1", "gamma/g1"], plan.Value!.Models.Select(m => m.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_prefers_the_lowest_quote_when_asked_for_cheapest()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(prefer: Prefer.Cheapest));

        Assert.Equal(["gamma/g1", "alpha/a1", "beta/b2", "beta/b1"], Names(plan));
    }

    [Fact]
    public void Plan_orders_cheapest_by_the_quote_at_the_requested_resolution_and_duration()
    {
        // At 1080p alpha/a1 costs 100 000/s and beta/b1 400 000/s; a 4k-only price must not matter.
        var sut = CreateSut();

        var plan = sut.Plan(Spec(resolution: Resolution.P1080, duration: 10, prefer: Prefer.Cheapest));

        Assert.Equal(["alpha/a1", "beta/b1"], Names(plan));
    }

    [Fact]
    public void Plan_prefers_the_highest_quality_rank_when_asked_for_smartest()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(prefer: Prefer.Smartest));

        Assert.Equal(["beta/b1", "beta/b2", "alpha/a1", "gamma/g1"], Names(plan));
    }

    [Fact]
    public void Plan_orders_balanced_by_quality_per_dollar_plus_one()
    {
        // a1: 5 / (1 + 0.25) = 4.0; b1: 9 / (1 + 1.0) = 4.5; b2: 7 / (1 + 0.5) = 4.67; g1: 3 / (1 + 0) = 3.0
        var sut = CreateSut();

        var plan = sut.Plan(Spec(prefer: Prefer.Balanced));

        Assert.Equal(["beta/b2", "beta/b1", "alpha/a1", "gamma/g1"], Names(plan));
    }

    [Fact]
    public void BalancedScore_is_quality_rank_over_one_plus_the_quote_in_usd()
    {
        var spec = Spec(resolution: Resolution.P1080, duration: 10);

        var score = Router.BalancedScore(Beta1, spec);

        // 400 000 micro-USD/s × 10 s = 4 USD, so 9 / (1 + 4).
        Assert.Equal(9 / 5.0, score, precision: 12);
        Assert.Equal(3.0, Router.BalancedScore(Gamma1, Spec()), precision: 12);
    }

    [Theory]
    [InlineData(Prefer.Balanced)]
    [InlineData(Prefer.Cheapest)]
    [InlineData(Prefer.Smartest)]
    public void Plan_breaks_ties_by_catalog_order_not_by_name(Prefer prefer)
    {
        var sut = CreateSut([Twin("zeta"), Twin("eta"), Twin("theta"), Twin("alpha")]);

        var plan = sut.Plan(Spec(prefer: prefer));

        Assert.Equal(["zeta/m", "eta/m", "theta/m", "alpha/m"], Names(plan));
    }

    [Fact]
    public void Plan_for_cheapest_breaks_an_equal_quote_by_higher_quality_first()
    {
        var sut = CreateSut([Twin("low", quality: 2), Twin("high", quality: 8)]);

        var plan = sut.Plan(Spec(prefer: Prefer.Cheapest));

        Assert.Equal(["high/m", "low/m"], Names(plan));
    }

    [Fact]
    public void Plan_pinned_to_a_vendor_uses_only_that_vendors_models()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(prefer: Prefer.Cheapest) with { VendorPin = "beta" });

        Assert.Equal(["beta/b2", "beta/b1"], Names(plan));
    }

    [Fact]
    public void Plan_pinned_to_a_model_uses_only_that_model()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec() with { ModelPin = "a1" });

        Assert.Equal(["alpha/a1"], Names(plan));
        Assert.Equal(250_000, plan.Value!.WorstCaseQuoteMicros);
    }

    [Fact]
    public void Plan_pinned_to_vendor_and_model_uses_only_that_pair()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec() with { VendorPin = "beta", ModelPin = "b1" });

        Assert.Equal(["beta/b1"], Names(plan));
    }

    [Fact]
    public void Plan_pinned_to_a_model_of_another_vendor_is_unsupported()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec() with { VendorPin = "alpha", ModelPin = "b1" });

        Assert.Equal(ErrorCode.Unsupported, plan.Error?.Code);
    }

    [Theory]
    [InlineData("nosuchvendor", null)]
    [InlineData(null, "nosuchmodel")]
    [InlineData("beta", "nosuchmodel")]
    public void Plan_for_an_unknown_pin_is_unsupported_and_names_the_enabled_models(string? vendor, string? model)
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec() with { VendorPin = vendor, ModelPin = model });

        Assert.Null(plan.Value);
        Assert.Equal(ErrorCode.Unsupported, plan.Error?.Code);
        Assert.Contains(vendor ?? model!, plan.Error!.Message, StringComparison.Ordinal);
        foreach (var enabled in new[] { "alpha/a1", "beta/b1", "beta/b2", "gamma/g1" })
        {
            Assert.Contains(enabled, plan.Error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Plan_for_an_unknown_pin_does_not_offer_removed_models()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec() with { VendorPin = "nosuchvendor" });

        Assert.Equal(ErrorCode.Unsupported, plan.Error?.Code);
        Assert.DoesNotContain("delta/d1", plan.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_for_a_spec_no_model_supports_is_unsupported_and_names_what_is_supported()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(resolution: Resolution.K4, aspect: Aspect.Square, duration: 7));

        Assert.Null(plan.Value);
        Assert.Equal(ErrorCode.Unsupported, plan.Error?.Code);
        var message = plan.Error!.Message;
        Assert.Contains("4k 1:1 at 7 s", message, StringComparison.Ordinal);
        Assert.Contains("alpha/a1 (720p/1080p, 5/10 s, 16:9/9:16)", message, StringComparison.Ordinal);
        Assert.Contains("beta/b1 (720p/1080p/4k, 5/10 s, 16:9/9:16/1:1, reference image)", message, StringComparison.Ordinal);
        Assert.Contains("beta/b2 (720p, 5 s, 16:9)", message, StringComparison.Ordinal);
        Assert.Contains("gamma/g1 (720p, 1-10 s, 16:9/1:1, reference image)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("delta/d1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_for_an_unsupported_spec_of_a_pinned_vendor_names_only_that_vendors_models()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(resolution: Resolution.K4) with { VendorPin = "alpha" });

        Assert.Equal(ErrorCode.Unsupported, plan.Error?.Code);
        Assert.Contains("alpha/a1", plan.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("beta/b1", plan.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_for_an_unsupported_reference_image_request_says_so()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(aspect: Aspect.Portrait, duration: 5) with { ReferenceImageUrl = "https://example.com/r.png", VendorPin = "alpha" });

        Assert.Equal(ErrorCode.Unsupported, plan.Error?.Code);
        Assert.Contains("reference image", plan.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Prefer.Balanced)]
    [InlineData(Prefer.Cheapest)]
    [InlineData(Prefer.Smartest)]
    public void Plan_never_routes_to_a_removed_model(Prefer prefer)
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(prefer: prefer));

        Assert.Null(plan.Error);
        Assert.DoesNotContain(plan.Value!.Models, m => m.Vendor == "delta");
    }

    [Fact]
    public void Plan_pinned_to_a_removed_model_is_unsupported()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec() with { VendorPin = "delta", ModelPin = "d1" });

        Assert.Null(plan.Value);
        Assert.Equal(ErrorCode.Unsupported, plan.Error?.Code);
    }

    [Fact]
    public void Plan_still_routes_to_a_model_on_its_removal_date_but_not_the_day_after()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 24, 23, 59, 0, TimeSpan.Zero));
        var sut = new Router(new ModelCatalog(Catalog), new FakeHealth(), time);
        var spec = Spec(prefer: Prefer.Smartest) with { VendorPin = "delta" };

        var onTheDate = sut.Plan(spec);
        time.Advance(TimeSpan.FromMinutes(2));
        var dayAfter = sut.Plan(spec);

        Assert.Equal(["delta/d1"], Names(onTheDate));
        Assert.Equal(ErrorCode.Unsupported, dayAfter.Error?.Code);
    }

    [Fact]
    public void Plan_still_routes_to_a_deprecated_model()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(duration: 3));

        Assert.Equal(["gamma/g1"], Names(plan));
    }

    [Fact]
    public void Plan_skips_an_unhealthy_vendor()
    {
        var sut = CreateSut(health: new FakeHealth("beta"));

        var plan = sut.Plan(Spec(prefer: Prefer.Smartest));

        Assert.Equal(["alpha/a1", "gamma/g1"], Names(plan));
        Assert.Equal(250_000, plan.Value!.WorstCaseQuoteMicros);
    }

    [Fact]
    public void Plan_when_every_supporting_vendor_is_unhealthy_is_vendor_unavailable()
    {
        var sut = CreateSut(health: new FakeHealth("alpha", "beta", "gamma"));

        var plan = sut.Plan(Spec());

        Assert.Null(plan.Value);
        Assert.Equal(ErrorCode.VendorUnavailable, plan.Error?.Code);
    }

    [Fact]
    public void Plan_when_the_only_supporting_vendor_is_unhealthy_is_vendor_unavailable()
    {
        // Only beta renders 4k; alpha and gamma are healthy but cannot serve it.
        var sut = CreateSut(health: new FakeHealth("beta"));

        var plan = sut.Plan(Spec(resolution: Resolution.K4));

        Assert.Equal(ErrorCode.VendorUnavailable, plan.Error?.Code);
    }

    [Fact]
    public void Plan_for_an_unsupported_spec_is_unsupported_even_when_vendors_are_unhealthy()
    {
        var sut = CreateSut(health: new FakeHealth("alpha", "beta", "gamma"));

        var plan = sut.Plan(Spec(resolution: Resolution.K4, aspect: Aspect.Square, duration: 7));

        Assert.Equal(ErrorCode.Unsupported, plan.Error?.Code);
    }

    [Theory]
    [InlineData(Prefer.Balanced)]
    [InlineData(Prefer.Cheapest)]
    [InlineData(Prefer.Smartest)]
    public void Plan_worst_case_quote_is_the_highest_quote_over_the_plan(Prefer prefer)
    {
        var sut = CreateSut();
        var spec = Spec(resolution: Resolution.P1080, duration: 10, prefer: prefer);

        var plan = sut.Plan(spec);

        // alpha/a1 100 000 × 10 = 1 000 000; beta/b1 400 000 × 10 = 4 000 000.
        Assert.Equal(4_000_000, plan.Value!.WorstCaseQuoteMicros);
        Assert.Equal(
            plan.Value.Models.Max(m => Catalog.Single(c => c.Ref == m).QuoteMicros(spec.Resolution, spec.DurationSeconds)),
            plan.Value.WorstCaseQuoteMicros);
    }

    [Fact]
    public void Plan_worst_case_quote_of_a_free_only_plan_is_zero()
    {
        var sut = CreateSut();

        var plan = sut.Plan(Spec(duration: 3));

        Assert.Equal(0, plan.Value!.WorstCaseQuoteMicros);
    }

    [Fact]
    public void Plan_honours_durations_that_differ_by_resolution()
    {
        var eightOnlyAtFullHd = Alpha1 with
        {
            Resolutions = [Resolution.P720, Resolution.P1080],
            Durations = [4, 6, 8],
            DurationsByResolution = new Dictionary<Resolution, IReadOnlyList<int>> { [Resolution.P1080] = [8] },
            PricePerSecondMicros = new Dictionary<Resolution, long> { [Resolution.P720] = 1, [Resolution.P1080] = 2 },
        };
        var sut = CreateSut([eightOnlyAtFullHd]);

        Assert.Null(sut.Plan(Spec(resolution: Resolution.P720, duration: 4)).Error);
        Assert.Null(sut.Plan(Spec(resolution: Resolution.P1080, duration: 8)).Error);
        Assert.Equal(ErrorCode.Unsupported, sut.Plan(Spec(resolution: Resolution.P1080, duration: 4)).Error?.Code);
    }

    [Fact]
    public void Catalog_refuses_a_model_that_declares_a_resolution_without_a_price()
    {
        var unpriced = Alpha1 with { Resolutions = [Resolution.P720, Resolution.K4], PricePerSecondMicros = new Dictionary<Resolution, long> { [Resolution.P720] = 1 } };

        var error = Assert.Throws<ArgumentException>(() => new ModelCatalog([unpriced]));

        Assert.Contains("4k", error.Message, StringComparison.Ordinal);
    }

    private static Router CreateSut(IEnumerable<VendorModel>? models = null, IVendorHealth? health = null)
        => new(new ModelCatalog(models ?? Catalog), health ?? new FakeHealth(), new FakeTimeProvider(Today));

    private static JobSpec Spec(
        Resolution resolution = Resolution.P720,
        Aspect aspect = Aspect.Landscape,
        int duration = 5,
        Prefer prefer = Prefer.Balanced)
        => new()
        {
            Prompt = "a lighthouse at dusk",
            Resolution = resolution,
            Aspect = aspect,
            DurationSeconds = duration,
            Prefer = prefer,
        };

    private static VendorModel Twin(string vendor, int quality = 5) => new()
    {
        Vendor = vendor,
        Model = "m",
        Resolutions = [Resolution.P720],
        Durations = [5],
        Aspects = [Aspect.Landscape],
        QualityRank = quality,
        PricePerSecondMicros = new Dictionary<Resolution, long> { [Resolution.P720] = 100_000 },
    };

    private static string[] Names(Result<RoutePlan> plan)
    {
        Assert.Null(plan.Error);
        return [.. plan.Value!.Models.Select(m => m.ToString())];
    }

    private sealed class FakeHealth(params string[] unhealthy) : IVendorHealth
    {
        public bool IsHealthy(string vendor) => !unhealthy.Contains(vendor, StringComparer.OrdinalIgnoreCase);
    }
}
