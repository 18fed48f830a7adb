namespace Reelgate.Storage.Sqlite;

/// <summary>SQLite settings, bound from <c>Reelgate:Storage:Sqlite</c>.</summary>
public sealed class SqliteStorageOptions
{
    public const string SectionName = "Reelgate:Storage:Sqlite";

    /// <summary>The database file; relative paths are under the data directory.</summary>
    /// <value>The default value is <c>reelgate.db</c>.</value>
    public string FileName { get; set; } = "reelgate.db";
}
