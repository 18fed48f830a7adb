using System.Globalization;
using System.Text;
using Reelgate.Core.Jobs;

namespace Reelgate.Core.Routing;

/// <summary>
/// Chooses the models a job may run on, best first (DESIGN §3). The first is tried; the rest are
/// the fallback order. Ties break by the catalog's stable order.
/// </summary>
public sealed class Router(ModelCatalog catalog, IVendorHealth health, TimeProvider time)
{
    /// <summary>
    /// <c>balanced</c> scores quality points per dollar of the quote, with one dollar added to the
    /// quote so free models (price 0) do not divide by zero and stay comparable:
    /// <c>score = quality_rank / (1 + quote_usd)</c>.
    /// </summary>
    public static double BalancedScore(VendorModel model, JobSpec spec)
        => model.QualityRank / (1.0 + (model.QuoteMicros(spec.Resolution, spec.DurationSeconds) / 1_000_000.0));

    /// <summary>What <paramref name="model"/> charges for <paramref name="spec"/>, or null when it is not in the catalog.</summary>
    public long? QuoteMicros(ModelRef model, JobSpec spec)
        => catalog.Find(model)?.QuoteMicros(spec.Resolution, spec.DurationSeconds);

    public Result<RoutePlan> Plan(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var pinned = catalog.Models
            .Where(m => spec.VendorPin is null || string.Equals(m.Vendor, spec.VendorPin, StringComparison.OrdinalIgnoreCase))
            .Where(m => spec.ModelPin is null || string.Equals(m.Model, spec.ModelPin, StringComparison.OrdinalIgnoreCase))
            .Where(m => !m.IsRemoved(today))
            .ToList();

        if (pinned.Count == 0)
        {
            return new Error(ErrorCode.Unsupported, DescribeUnknownPin(spec, today));
        }

        var eligible = pinned.Where(m => m.Supports(spec) && health.IsHealthy(m.Vendor)).ToList();
        if (eligible.Count == 0)
        {
            return pinned.Any(m => m.Supports(spec))
                ? new Error(ErrorCode.VendorUnavailable, "Every vendor that supports this request is unavailable right now; retry later.")
                : new Error(ErrorCode.Unsupported, DescribeUnsupported(spec, pinned));
        }

        var ordered = spec.Prefer switch
        {
            Prefer.Cheapest => eligible.OrderBy(m => m.QuoteMicros(spec.Resolution, spec.DurationSeconds)).ThenByDescending(m => m.QualityRank),
            Prefer.Smartest => eligible.OrderByDescending(m => m.QualityRank).ThenBy(m => m.QuoteMicros(spec.Resolution, spec.DurationSeconds)),
            _ => eligible.OrderByDescending(m => BalancedScore(m, spec)).ThenByDescending(m => m.QualityRank),
        };

        // OrderBy is stable, so equal keys keep the catalog's order.
        var models = ordered.ToList();
        var worstCase = models.Max(m => m.QuoteMicros(spec.Resolution, spec.DurationSeconds));
        return new RoutePlan([.. models.Select(m => m.Ref)], worstCase);
    }

    private string DescribeUnknownPin(JobSpec spec, DateOnly today)
    {
        var known = string.Join(", ", catalog.Models.Where(m => !m.IsRemoved(today)).Select(m => m.Ref.ToString()));
        var pin = spec.ModelPin is null ? $"vendor '{spec.VendorPin}'" : $"model '{spec.ModelPin}'" + (spec.VendorPin is null ? string.Empty : $" of vendor '{spec.VendorPin}'");
        return $"No enabled {pin}. Enabled models: {known}.";
    }

    private static string DescribeUnsupported(JobSpec spec, IReadOnlyList<VendorModel> candidates)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"No enabled model renders {spec.Resolution.Name()} {spec.Aspect.Name()} at {spec.DurationSeconds} s");
        if (spec.ReferenceImageUrl is not null)
        {
            sb.Append(" from a reference image");
        }

        sb.Append(". Supported: ");
        sb.AppendJoin("; ", candidates.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"{m.Ref} ({string.Join("/", m.Resolutions.Select(r => r.Name()))}, {DescribeDurations(m.Durations)}, {string.Join("/", m.Aspects.Select(a => a.Name()))}{(m.SupportsReferenceImage ? ", reference image" : string.Empty)})")));
        sb.Append('.');
        return sb.ToString();
    }

    private static string DescribeDurations(IReadOnlyList<int> durations)
    {
        var sorted = durations.Order().ToList();
        var contiguous = sorted.Count > 2 && sorted[^1] - sorted[0] == sorted.Count - 1;
        return contiguous
            ? string.Create(CultureInfo.InvariantCulture, $"{sorted[0]}-{sorted[^1]} s")
            : string.Join("/", sorted) + " s";
    }
}

/// <summary>The models to try, in order, and the worst-case quote over them (the credit to hold).</summary>
public sealed record RoutePlan(IReadOnlyList<ModelRef> Models, long WorstCaseQuoteMicros);
