using System.ComponentModel.DataAnnotations;

namespace Reelgate.Core.Retention;

/// <summary>Retention sweeper settings, bound from <c>Reelgate:Retention</c>.</summary>
internal sealed class RetentionOptions
{
    public const string SectionName = "Reelgate:Retention";

    /// <summary>How often expired jobs are looked for.</summary>
    /// <value>The default value is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
