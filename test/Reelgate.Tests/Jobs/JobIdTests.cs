using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Reelgate.Core.Jobs;

namespace Reelgate.Tests.Jobs;

public sealed partial class JobIdTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_is_vid_and_26_lowercase_crockford_base32_digits()
    {
        var time = new FakeTimeProvider(Start);

        var ids = Enumerable.Range(0, 100).Select(_ => JobId.New(time)).ToList();

        Assert.All(ids, id => Assert.Matches(IdPattern(), id));
        Assert.All(ids, id => Assert.True(JobId.IsWellFormed(id), id));
    }

    [Fact]
    public void Format_of_the_empty_uuid_is_all_zeros()
    {
        var id = JobId.Format(Guid.Empty);

        Assert.Equal("vid_" + new string('0', 26), id);
    }

    [Fact]
    public void Format_of_the_largest_uuid_starts_with_7_and_is_well_formed()
    {
        var id = JobId.Format(Guid.AllBitsSet);

        Assert.Equal("vid_7" + new string('z', 25), id);
        Assert.True(JobId.IsWellFormed(id));
    }

    [Fact]
    public void Format_puts_the_low_bits_in_the_last_digit()
    {
        var uuid = new Guid([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 33], bigEndian: true);

        var id = JobId.Format(uuid);

        // 33 = 1 × 32 + 1.
        Assert.Equal("vid_" + new string('0', 24) + "11", id);
    }

    [Fact]
    public void New_ids_from_increasing_times_sort_in_creation_order()
    {
        var time = new FakeTimeProvider(Start);
        var ids = new List<string>();

        for (var i = 0; i < 1000; i++)
        {
            ids.Add(JobId.New(time));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void New_ids_of_one_instant_are_unique()
    {
        var time = new FakeTimeProvider(Start);

        var ids = Enumerable.Range(0, 10_000).Select(_ => JobId.New(time)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(10_000, ids.Count);
    }

    [Theory]
    [InlineData("job_0123456789abcdefghjkmnpqrs")]
    [InlineData("vid-0123456789abcdefghjkmnpqrs")]
    [InlineData("VID_0123456789abcdefghjkmnpqrs")]
    [InlineData("0123456789abcdefghjkmnpqrs")]
    [InlineData("vid_0123456789abcdefghjkmnpqr")]
    [InlineData("vid_0123456789abcdefghjkmnpqrst")]
    [InlineData("vid_")]
    [InlineData("")]
    [InlineData("vid_0123456789abcdefghjkmnpqri")]
    [InlineData("vid_0123456789abcdefghjkmnpqrl")]
    [InlineData("vid_0123456789abcdefghjkmnpqro")]
    [InlineData("vid_0123456789abcdefghjkmnpqru")]
    [InlineData("vid_0123456789ABCDEFGHJKMNPQRS")]
    [InlineData("vid_0123456789abcdefghjkmnpqrS")]
    [InlineData("vid_8123456789abcdefghjkmnpqrs")]
    [InlineData("vid_z123456789abcdefghjkmnpqrs")]
    [InlineData("vid_0123456789abcdefghjkmnpq-s")]
    [InlineData("vid_0123456789abcdefghjkmnpq s")]
    public void IsWellFormed_rejects_ids_of_the_wrong_shape(string id)
    {
        var wellFormed = JobId.IsWellFormed(id);

        Assert.False(wellFormed);
    }

    [Theory]
    [InlineData("vid_0123456789abcdefghjkmnpqrs")]
    [InlineData("vid_7zzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("vid_00000000000000000000000000")]
    public void IsWellFormed_accepts_ids_of_the_right_shape(string id)
    {
        var wellFormed = JobId.IsWellFormed(id);

        Assert.True(wellFormed);
    }

    [GeneratedRegex("^vid_[0-7][0-9a-hjkmnp-tv-z]{25}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
