using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius;
using Tournament.Plugins.Storage.Hippius.Registry;

namespace Tournament.Storage.Hippius.Tests.Registry;

public sealed class AuthChallengeTests
{
    [Fact]
    public void TryParse_QuotedValuesWithCommasAndEscapes()
    {
        var challenge = AuthChallenge.TryParse("Bearer", "realm=\"https://auth.example/token\",service=registry.example, scope=\"repository:a/b:pull,push\",note=\"say \\\"hi\\\"\"");

        Assert.NotNull(challenge);
        Assert.Equal("https://auth.example/token", challenge["realm"]);
        Assert.Equal("registry.example", challenge["service"]);
        Assert.Equal("repository:a/b:pull,push", challenge["scope"]);
        Assert.Equal("say \"hi\"", challenge["note"]);
        Assert.Null(challenge["missing"]);
    }

    [Theory]
    [InlineData("realm=\"unterminated")]
    [InlineData("realm")]
    [InlineData("=value")]
    [InlineData("realm=\"a\",realm=\"b\"")]
    [InlineData("realm=\"a\u0001b\"")]
    public void TryParse_Malformed_IsNull(string parameters) => Assert.Null(AuthChallenge.TryParse("Bearer", parameters));

    [Fact]
    public void TryParse_Oversized_IsNull() => Assert.Null(AuthChallenge.TryParse("Bearer", "realm=\"" + new string('a', 5000) + "\""));

    [Fact]
    public void ParseToken_AccessTokenAndLifetime()
    {
        var model = new ModelRef("a/b", "sha256:" + new string('0', 64));

        var (token, lifetime) = RegistryAuthenticator.ParseToken("{\"access_token\":\"abc.def\",\"expires_in\":120}"u8.ToArray(), model);
        var (_, fallback) = RegistryAuthenticator.ParseToken("{\"token\":\"t\",\"expires_in\":-5}"u8.ToArray(), model);
        var (_, capped) = RegistryAuthenticator.ParseToken("{\"token\":\"t\",\"expires_in\":99999999}"u8.ToArray(), model);

        Assert.Equal(("abc.def", TimeSpan.FromSeconds(120)), (token, lifetime));
        Assert.Equal(TimeSpan.FromSeconds(60), fallback);
        Assert.Equal(TimeSpan.FromDays(1), capped);
        Assert.True(Assert.Throws<StorageFailure>(() => RegistryAuthenticator.ParseToken(System.Text.Encoding.UTF8.GetBytes("{\"token\":\"" + new string('t', RegistryAuthenticator.MaxTokenLength + 1) + "\"}"), model)).IsTransient);
    }
}
