using System.ComponentModel.DataAnnotations;

namespace Reelgate.Core.Hosting;

/// <summary>General settings, bound from <c>Reelgate</c>.</summary>
public sealed class ReelgateOptions
{
    public const string SectionName = "Reelgate";

    /// <summary>Holds the SQLite file and the local blobs. <c>REELGATE_DATA_DIR</c> sets it.</summary>
    /// <value>The default value is <c>./data</c>.</value>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Retention window of a new job in days (1..90).</summary>
    /// <value>The default value is 30.</value>
    [Range(1, 90)]
    public int DefaultRetentionDays { get; set; } = 30;
}
