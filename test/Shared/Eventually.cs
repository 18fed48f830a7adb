using System.Diagnostics;
using System.Runtime.CompilerServices;
using Xunit;

namespace Reelgate.Testing;

/// <summary>
/// Waits for what another thread or process brings about (a stub request, a job state, a process
/// exit), failing with a message that names it when it does not happen in time. The default limit
/// is generous because CI machines are small and shared; a passing test never waits that long.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Answers once <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? limit = null)
        => SomeAsync(() => Task.FromResult(condition() ? what : null), what, limit);

    /// <summary>Answers the first non-null value <paramref name="probe"/> gives.</summary>
    public static Task<T> SomeAsync<T>(Func<T?> probe, string what, TimeSpan? limit = null)
        where T : class
        => SomeAsync(() => Task.FromResult(probe()), what, limit);

    /// <summary>Answers the first value <paramref name="probe"/> gives.</summary>
    public static async Task<T> ValueAsync<T>(Func<T?> probe, string what, TimeSpan? limit = null)
        where T : struct
        => (await SomeAsync(() => probe() is { } value ? new StrongBox<T>(value) : null, what, limit)).Value!;

    /// <summary>Answers once <paramref name="condition"/> holds; a failure reports <paramref name="why"/> as it was last.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, Func<string> why, TimeSpan? limit = null)
        => SomeAsync(() => Task.FromResult(condition() ? what : null), () => $"{what} ({why()})", limit);

    /// <summary>Answers the first non-null value <paramref name="probe"/> gives.</summary>
    public static Task<T> SomeAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? limit = null)
        where T : class
        => SomeAsync(probe, () => what, limit);

    private static async Task<T> SomeAsync<T>(Func<Task<T?>> probe, Func<string> what, TimeSpan? limit)
        where T : class
    {
        var deadline = limit ?? DefaultLimit;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (clock.Elapsed >= deadline)
            {
                Assert.Fail($"Not within {deadline}: {what()}.");
            }

            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }
}
