using System.Text;
using Tournament.Plugins.Storage.HuggingFace;

namespace Tournament.Storage.HuggingFace.Tests;

public sealed class ParserTests
{
    private const string Repo = "alice/m";
    private static readonly string Sha = new('1', 40);

    private static Tournament.Abstractions.StorageResult<HubModel> Parse(string json, int maxFiles = 100) =>
        ModelInfoParser.Parse(Encoding.UTF8.GetBytes(json), Repo, maxFiles);

    [Theory]
    [InlineData("../../x")]
    [InlineData("/abs")]
    [InlineData("a/../../b")]
    [InlineData("a\\..\\b")]
    [InlineData("C:/x")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("a/")]
    [InlineData("")]
    [InlineData("a\u0000b")]
    [InlineData(" lead")]
    public void Parse_HostileSiblingName_IsUnsafePath(string name)
    {
        var json = $"{{\"sha\":\"{Sha}\",\"siblings\":[{{\"rfilename\":{System.Text.Json.JsonSerializer.Serialize(name)},\"size\":1}}]}}";

        var result = Parse(json);

        Assert.Equal("unsafe-path", result.AsT1.ReasonCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"sha\":\"abc\"}")]
    [InlineData("{\"sha\":\"1111111111111111111111111111111111111111\",\"siblings\":[{\"rfilename\":\"a\"}]}")]
    [InlineData("{\"sha\":\"1111111111111111111111111111111111111111\",\"siblings\":[{\"rfilename\":\"a\",\"size\":-1}]}")]
    [InlineData("{\"sha\":\"1111111111111111111111111111111111111111\",\"siblings\":[{\"rfilename\":\"a\",\"size\":1,\"lfs\":{\"sha256\":\"zz\"}}]}")]
    [InlineData("{\"sha\":\"1111111111111111111111111111111111111111\",\"siblings\":[{\"rfilename\":\"a\",\"size\":1,\"lfs\":{\"sha256\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"size\":2}}]}")]
    public void Parse_MalformedOrTruncated_IsDeferred(string json)
    {
        Assert.True(Parse(json).IsT2);
    }

    [Fact]
    public void Parse_TooManyFiles_IsDisqualified()
    {
        var siblings = string.Join(',', Enumerable.Range(0, 11).Select(i => $"{{\"rfilename\":\"f{i}\",\"size\":1}}"));

        var result = Parse($"{{\"sha\":\"{Sha}\",\"siblings\":[{siblings}]}}", maxFiles: 10);

        Assert.Equal("too-many-files", result.AsT1.ReasonCode);
    }

    [Fact]
    public void Parse_DuplicateName_IsUnsafePath()
    {
        var result = Parse($"{{\"sha\":\"{Sha}\",\"siblings\":[{{\"rfilename\":\"a\",\"size\":1}},{{\"rfilename\":\"a\",\"size\":2}}]}}");

        Assert.Equal("unsafe-path", result.AsT1.ReasonCode);
    }

    [Fact]
    public void Parse_RealShape_ReadsGatedPrivateAndLfs()
    {
        var json = $$$"""
            {"_id":"x","id":"alice/m","sha":"{{{Sha}}}","private":false,"gated":"auto","disabled":false,
             "siblings":[{"rfilename":"model.safetensors","size":10,"blobId":"{{{new string('b', 40)}}}","lfs":{"sha256":"{{{new string('c', 64)}}}","size":10,"pointerSize":134}},
                         {"rfilename":"config.json","size":3,"blobId":"{{{new string('d', 40)}}}"}]}
            """;

        var model = Parse(json).AsT0;

        Assert.Equal("auto", model.Gated);
        Assert.False(model.IsPublic);
        Assert.Equal(new string('c', 64), model.Find("model.safetensors")!.CacheEtag);
        Assert.Equal(new string('d', 40), model.Find("config.json")!.CacheEtag);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    [InlineData("https://user:pw@huggingface.co")]
    public void Options_BadEndpoint_FailsValidation(string endpoint)
    {
        var options = new HuggingFaceOptions { Endpoint = endpoint };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Single(errors);
        Assert.Contains("Components:huggingface:Endpoint", errors[0].ErrorMessage, StringComparison.Ordinal);
    }
}
