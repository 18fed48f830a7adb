namespace Reelgate.FunctionalTests.Infrastructure;

/// <summary>The repository's root: the first directory up from the test binaries that holds <c>Reelgate.slnx</c>.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Reelgate.slnx")))
            {
                return directory.FullName;
            }
        }

        Assert.Fail($"No Reelgate.slnx above {AppContext.BaseDirectory}; run the tests from the repository's build output.");
        return string.Empty;
    }
}
