namespace Microsoft.Extensions.DependencyInjection;

public static partial class StorageServiceCollectionExtensions
{
    /// <summary>Scale-out: PostgreSQL at <c>ConnectionStrings:Reelgate</c>, shared by many gateway processes.</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
        => throw new NotSupportedException("PostgreSQL storage is being built.");
}
