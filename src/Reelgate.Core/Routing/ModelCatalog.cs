using Reelgate.Core.Jobs;

namespace Reelgate.Core.Routing;

/// <summary>Every model of every enabled vendor, in a stable order (vendor, then declaration order).</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, VendorModel> _byRef;

    public ModelCatalog(IEnumerable<VendorModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        Models = [.. models];
        foreach (var model in Models)
        {
            foreach (var resolution in model.Resolutions)
            {
                // An unpriced resolution would quote as free: it would win "cheapest" and hold no credit.
                if (!model.PricePerSecondMicros.ContainsKey(resolution))
                {
                    throw new ArgumentException($"Model {model.Ref} declares {resolution.Name()} without a price.", nameof(models));
                }
            }
        }

        _byRef = Models.ToDictionary(m => m.Ref.ToString(), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<VendorModel> Models { get; }

    public IEnumerable<string> Vendors => Models.Select(m => m.Vendor).Distinct(StringComparer.OrdinalIgnoreCase);

    public VendorModel? Find(ModelRef model) => _byRef.GetValueOrDefault(model.ToString());
}
