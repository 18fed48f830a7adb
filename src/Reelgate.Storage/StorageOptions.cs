namespace Reelgate.Storage;

/// <summary>Where jobs, keys and the ledger live.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file under the data directory: one gateway process (the embedded default).</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL at <c>ConnectionStrings:Reelgate</c>: any number of gateway processes.</summary>
    Postgres = 1,
}

/// <summary>Where video and thumbnail bytes live.</summary>
public enum BlobProvider
{
    /// <summary>Files under the data directory, served by the gateway with signed links.</summary>
    FileSystem = 0,

    /// <summary>An S3-compatible bucket; links are S3 presigned URLs.</summary>
    S3 = 1,
}

/// <summary>Storage selection, bound from <c>Reelgate:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Reelgate:Storage";

    /// <summary>The connection string name under <c>ConnectionStrings</c> used by PostgreSQL.</summary>
    public const string ConnectionStringName = "Reelgate";

    /// <value>The default value is <see cref="StorageProvider.Sqlite"/>.</value>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <value>The default value is <see cref="BlobProvider.FileSystem"/>.</value>
    public BlobProvider Blobs { get; set; } = BlobProvider.FileSystem;
}
