using Reelgate.Core.Ports;

namespace Reelgate.Core.Routing;

/// <summary>The enabled vendors by name and the catalog of their models.</summary>
public sealed class VendorRegistry
{
    private readonly Dictionary<string, IVideoVendor> _vendors;

    public VendorRegistry(IEnumerable<IVideoVendor> vendors)
    {
        ArgumentNullException.ThrowIfNull(vendors);
        _vendors = vendors.ToDictionary(v => v.Name, StringComparer.OrdinalIgnoreCase);
        Catalog = new ModelCatalog(_vendors.Values.OrderBy(v => v.Name, StringComparer.Ordinal).SelectMany(v => v.Models));
    }

    public ModelCatalog Catalog { get; }

    public IEnumerable<IVideoVendor> Vendors => _vendors.Values;

    public IVideoVendor? Find(string name) => _vendors.GetValueOrDefault(name);
}
