using System.Net;
using System.Text.Json.Nodes;

namespace Tournament.Engine.Tests.Serve;

/// <summary>Bad, hostile and unknown requests get RFC 9457 problem bodies with one sentence, never a stack trace.</summary>
public sealed class ServeErrorTests(ServeSample sample) : IClassFixture<ServeSample>
{
    private const string Mode = "/api/modes/example";

    [Theory]
    [InlineData(Mode + "/standings?limit=0", "'limit' must be a whole number from 1 to 1000")]
    [InlineData(Mode + "/standings?limit=1001", "'limit' must be a whole number from 1 to 1000")]
    [InlineData(Mode + "/standings?limit=abc", "'limit' must be a whole number")]
    [InlineData(Mode + "/rounds?limit=101", "'limit' must be a whole number from 1 to 100")]
    [InlineData(Mode + "/rounds?offset=-1", "'offset' must be a whole number")]
    [InlineData(Mode + "/rounds?offset=99999999999999999999999", "'offset' must be a whole number")]
    [InlineData(Mode + "/rounds/not-a-hash", "block hash must be 0x followed by")]
    [InlineData(Mode + "/rounds/0xZZ", "block hash must be 0x followed by")]
    [InlineData(Mode + "/rounds/0x1?prompts=maybe", "'prompts' must be true or false")]
    [InlineData(Mode + "/submissions/alice/x", "commit block must be a whole number")]
    [InlineData(Mode + "/submissions/alice/-1", "commit block must be a whole number")]
    [InlineData(Mode + "/submissions/al%20ice/0", "hotkey must be 1 to 128 characters")]
    [InlineData(Mode + "/chart?top=21", "'top' must be a whole number from 1 to 20")]
    [InlineData(Mode + "/chart?rounds=201", "'rounds' must be a whole number from 1 to 200")]
    public async Task BadParameter_400ProblemWithOneSentence(string path, string expected)
    {
        var problem = await ProblemAsync(path, HttpStatusCode.BadRequest);

        Assert.Contains(expected, (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/modes/nope/standings", "no mode 'nope'")]
    [InlineData(Mode + "/rounds/0x0123456789abcdef", "no committed round at block hash 0x0123456789abcdef")]
    [InlineData(Mode + "/submissions/eve/0", "no submission eve:0")]
    [InlineData("/api/no-such-endpoint", null)]
    [InlineData("/assets/../../etc/passwd", null)]
    [InlineData("/assets/app.js.map", "no such page asset")]
    public async Task Unknown_404Problem(string path, string? expected)
    {
        var problem = await ProblemAsync(path, HttpStatusCode.NotFound);

        if (expected is not null)
        {
            Assert.Contains(expected, (string?)problem["detail"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Artifact_NameOutsideThePublishedOnes_404WithoutTouchingTheDisk()
    {
        var problem = await ProblemAsync($"{Mode}/rounds/{sample.RoundHashes[0]}/artifacts/..%2F..%2Fstate.db", HttpStatusCode.NotFound);

        Assert.Contains("report.json and standings.json only", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hotkey_LongerThanAnyAddress_400()
    {
        var problem = await ProblemAsync($"{Mode}/submissions/{new string('k', 129)}/0", HttpStatusCode.BadRequest);

        Assert.Contains("hotkey must be 1 to 128 characters", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_Post_405ReadOnly()
    {
        using var response = await sample.Client.PostAsync(new Uri(Mode + "/standings", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("read-only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_RequestLineAndHeaders_RefusedByKestrel()
    {
        using var longLine = await sample.Client.GetAsync(new Uri(Mode + "/standings?x=" + new string('a', 8000), UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/modes");
        request.Headers.Add("X-Filler", new string('b', 20_000));
        using var bigHeaders = await sample.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, longLine.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, bigHeaders.StatusCode);
    }

    private async Task<JsonNode> ProblemAsync(string path, HttpStatusCode status)
    {
        using var response = await sample.Client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == status, $"GET {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat (Tournament|Microsoft|System)\.", text); // no stack frame
        Assert.Null(response.Headers.ETag);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        return problem;
    }
}
