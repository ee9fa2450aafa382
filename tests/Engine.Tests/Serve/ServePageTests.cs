using System.Text.RegularExpressions;
using Tournament.Engine.Serve;

namespace Tournament.Engine.Tests.Serve;

/// <summary>The page's files and headers: same-origin scripts only, a strict policy, the pinned chart library.</summary>
public sealed partial class ServePageTests(ServeSample sample) : IClassFixture<ServeSample>
{
    [Fact]
    public async Task Index_StrictPolicy_OnlySameOriginScriptsNoInlineCode()
    {
        using var response = await sample.Client.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(ServeApp.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self';", ServeApp.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", ServeApp.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var scripts = ScriptTag().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["/assets/vendor/uplot/uPlot.iife.min.js", "/assets/app.js"], scripts);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", LinkTargets(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_EveryEmbeddedFile_ServedWithTypeAndContentETag()
    {
        Assert.Contains("vendor/uplot/uPlot.iife.min.js", PageEndpoints.Names);
        Assert.Contains("vendor/uplot/LICENSE", PageEndpoints.Names);
        using var script = await sample.Client.GetAsync(new Uri("/assets/vendor/uplot/uPlot.iife.min.js", UriKind.Relative));
        using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/vendor/uplot/uPlot.iife.min.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var cached = await sample.Client.SendAsync(again);
        var notice = await sample.Client.GetStringAsync(new Uri("/assets/NOTICE", UriKind.Relative));

        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, cached.StatusCode);
        Assert.Contains("uPlot 1.6.32", notice, StringComparison.Ordinal);
    }

    private static string LinkTargets(string html) => string.Join(' ', SourceAttribute().Matches(html).Select(m => m.Groups[1].Value));

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex SourceAttribute();
}
