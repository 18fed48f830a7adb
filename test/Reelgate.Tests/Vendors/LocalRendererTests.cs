using Reelgate.Vendors.Local;

namespace Reelgate.Tests.Vendors;

public sealed class LocalRendererTests
{
    [Fact]
    public void WrapPrompt_long_prompt_is_cut_at_200_characters_with_an_ellipsis()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("mountain", 60));

        var text = LocalRenderer.WrapPrompt(prompt, 40);

        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.True(text.Replace("\n", " ", StringComparison.Ordinal).Length <= 200);
        Assert.All(text.Split('\n'), line => Assert.InRange(line.Length, 1, 40));
    }

    [Fact]
    public void WrapPrompt_collapses_whitespace_drops_control_characters_and_breaks_long_words()
    {
        var text = LocalRenderer.WrapPrompt("  a\tb\r\n\u001b[31mc  " + new string('x', 25), 10);

        Assert.Equal("a b [31mc\nxxxxxxxxxx\nxxxxxxxxxx\nxxxxx", text);
    }

    [Fact]
    public void WrapPrompt_keeps_format_directives_literal()
    {
        var text = LocalRenderer.WrapPrompt("%{localtime} 100% sure: 'quoted' \\ back", 80);

        Assert.Equal("%{localtime} 100% sure: 'quoted' \\ back", text);
    }
}
