namespace Reelgate.Testing;

/// <summary>
/// The servers the PostgreSQL and S3 suites run against, named by environment variables that
/// <c>eng/services.sh</c> prints (eng/test.sh starts them). Without them those tests skip with a
/// message saying how to start them, and fail instead when <c>REELGATE_REQUIRE_SERVICES=1</c> (CI).
/// </summary>
internal static class TestServices
{
    /// <summary>A PostgreSQL connection string whose user may create schemas and databases.</summary>
    public static string Postgres => Require("REELGATE_TEST_POSTGRES", "PostgreSQL");

    /// <summary>The endpoint of an S3-compatible server (s3rver) with the bucket <see cref="S3Bucket"/> and credentials <c>S3RVER</c>/<c>S3RVER</c>.</summary>
    public static string S3 => Require("REELGATE_TEST_S3", "s3rver");

    public const string S3Bucket = "reelgate-test";

    public const string S3AccessKey = "S3RVER";

    public const string S3SecretKey = "S3RVER";

    private static string Require(string variable, string server)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        var message = $"{variable} is not set: start {server} with: eval \"$(eng/services.sh start)\" (eng/test.sh does this).";
        if (Environment.GetEnvironmentVariable("REELGATE_REQUIRE_SERVICES") == "1")
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return value!;
    }
}
