using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Reelgate.Contracts.Video;
using Reelgate.Core.Jobs;

namespace Reelgate.Tests.Jobs;

/// <summary>
/// The closed value sets the wire types declare (<see cref="AllowedValuesAttribute"/>, which becomes the OpenAPI
/// <c>enum</c> generated clients type against) are exactly the ones the parser accepts and the API answers.
/// </summary>
public sealed class WireValueSetsTests
{
    public static TheoryData<Type, string, string> Properties => new()
    {
        { typeof(GenerateVideoRequest), nameof(GenerateVideoRequest.Aspect), "aspect" },
        { typeof(GenerateVideoRequest), nameof(GenerateVideoRequest.AspectRatio), "aspect" },
        { typeof(GenerateVideoRequest), nameof(GenerateVideoRequest.Resolution), "resolution" },
        { typeof(GenerateVideoRequest), nameof(GenerateVideoRequest.Prefer), "prefer" },
        { typeof(VideoJobDetails), nameof(VideoJobDetails.Aspect), "aspect" },
        { typeof(VideoJobDetails), nameof(VideoJobDetails.Resolution), "resolution" },
        { typeof(VideoJobDetails), nameof(VideoJobDetails.Prefer), "prefer" },
    };

    [Theory]
    [MemberData(nameof(Properties))]
    public void A_declared_value_set_is_the_parsers(Type type, string property, string set)
    {
        var allowed = type.GetProperty(property)!.GetCustomAttribute<AllowedValuesAttribute>()!.Values.OfType<string>();

        var names = set switch
        {
            "aspect" => VideoFormats.AspectNames,
            "resolution" => VideoFormats.ResolutionNames,
            _ => VideoFormats.PreferNames,
        };
        Assert.Equal(names, allowed);
    }

    [Fact]
    public void Optional_request_fields_allow_null_and_answered_fields_do_not()
    {
        Assert.Contains(null, typeof(GenerateVideoRequest).GetProperty(nameof(GenerateVideoRequest.Prefer))!.GetCustomAttribute<AllowedValuesAttribute>()!.Values);
        Assert.DoesNotContain(null, typeof(VideoJobDetails).GetProperty(nameof(VideoJobDetails.Prefer))!.GetCustomAttribute<AllowedValuesAttribute>()!.Values);
    }
}
