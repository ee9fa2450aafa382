using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius.Registry;
using Tournament.Storage.Hippius.Tests.Fixtures;

namespace Tournament.Storage.Hippius.Tests.Registry;

/// <summary>The Docker/OCI token protocol against a real registry and a real token service on two loopback ports.</summary>
public sealed class RegistryTokenAuthTests : IAsyncLifetime, IDisposable
{
    private const string Repo = "miner/model";
    private const string User = "validator-7";
    private const string Password = "pw-c41f0e9b";
    private readonly TempFolder _temp = new();
    private RegistryServer _registry = null!;
    private TokenServer _tokens = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryServer.StartAsync();
        _tokens = await TokenServer.StartAsync();
        _registry.TokenRealm = _tokens.Realm;
        _registry.IssuedToken = _tokens.Token;
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Anonymous_TokenFetchedOnceForTheRepositoryScope_ThenEveryRequestCarriesIt()
    {
        var model = _registry.Push(Repo, [("a.bin", Backends.RandomBytes(100, 1)), ("b.bin", Backends.RandomBytes(50, 2))]);
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path);

        var snapshot = Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(2, snapshot.Files.Count);
        var (query, authorization) = Assert.Single(_tokens.Requests);
        Assert.Equal("?service=test-registry&scope=repository%3Aminer%2Fmodel%3Apull", query);
        Assert.Equal("", authorization);
        Assert.Equal(["", "Bearer " + _tokens.Token], _registry.AuthorizationHeaders.Distinct());
    }

    [Fact]
    public async Task BasicCredentials_GoToTheRealmOnly_AndNeverToLogs()
    {
        _tokens.RequiredBasic = (User, Password);
        var model = _registry.Push(Repo, [("a.bin", [1, 2, 3])]);
        var logger = new CapturingLogger<Plugins.Storage.Hippius.HippiusStorage>();
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path, Account(), logger);

        Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.StartsWith("Basic ", Assert.Single(_tokens.Requests).Authorization, StringComparison.Ordinal);
        Assert.DoesNotContain(_registry.AuthorizationHeaders, h => h.StartsWith("Basic", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredToken_IsFetchedAgain()
    {
        _tokens.ExpiresIn = 1;
        var model = _registry.Push(Repo, [("a.bin", [1])]);
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path);
        Backends.Value(await storage.DescribeAsync(model, default));
        Backends.Value(await storage.DescribeAsync(model, default));
        Assert.Single(_tokens.Requests); // still valid: cached

        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the token's 1 s lifetime (cached for 90% of it) has passed
        Backends.Value(await storage.DescribeAsync(model, default));

        Assert.Equal(2, _tokens.Requests.Count);
    }

    [Fact]
    public async Task ValidTokenButTheRegistryStillRefuses_IsRemoved()
    {
        _registry.IssuedToken = "a-token-this-service-never-issues";
        var model = _registry.Push(Repo, [("a.bin", [1])]);
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.DescribeAsync(model, default));

        Assert.Equal(ReasonCodes.Removed, result.ReasonCode);
        Assert.Contains("private or removed", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, "{\"token\":\"x\"}", "answered 500")]
    [InlineData(200, "{\"token\":", "not valid JSON")]
    [InlineData(200, "[\"token\"]", "not a JSON object")]
    [InlineData(200, "{\"expires_in\":60}", "no usable token")]
    [InlineData(200, "{\"token\":\"has space\"}", "no usable token")]
    [InlineData(200, "{\"token\":\"\"}", "no usable token")]
    [InlineData(200, "{\"token\":42}", "no usable token")]
    public async Task BrokenTokenService_Defers(int status, string body, string expected)
    {
        _tokens.Canned = (status, body);
        var model = _registry.Push(Repo, [("a.bin", [1])]);
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path);

        var deferred = Backends.Deferred(await storage.DescribeAsync(model, default));

        Assert.Contains(expected, deferred.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedTokenResponse_Defers()
    {
        _tokens.Canned = (200, "{\"token\":\"" + new string('a', RegistryAuthenticator.MaxTokenResponseBytes) + "\"}");
        var model = _registry.Push(Repo, [("a.bin", [1])]);
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path);

        Assert.Contains("larger than", Backends.Deferred(await storage.DescribeAsync(model, default)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenServiceRefusesAnonymous_DefersNamingTheVariables()
    {
        _tokens.RequiredBasic = (User, Password);
        var model = _registry.Push(Repo, [("a.bin", [1])]);
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path);

        var deferred = Backends.Deferred(await storage.DescribeAsync(model, default));

        Assert.Contains("HIPPIUS_REGISTRY_USERNAME", deferred.Reason, StringComparison.Ordinal);
        Assert.Contains("anonymous", deferred.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenServiceRefusesTheCredentials_DefersWithoutShowingThem()
    {
        _tokens.RequiredBasic = (User, "another-password");
        var model = _registry.Push(Repo, [("a.bin", [1])]);
        var logger = new CapturingLogger<Plugins.Storage.Hippius.HippiusStorage>();
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path, Account(), logger);

        var deferred = Backends.Deferred(await storage.DescribeAsync(model, default));

        Assert.Contains("refuses the configured credentials", deferred.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, deferred.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, logger.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer realm=\"ftp://127.0.0.1/token\",service=\"s\"", "not an absolute http(s) URL")]
    [InlineData("Bearer realm=\"relative/token\"", "not an absolute http(s) URL")]
    [InlineData("Bearer service=\"s\"", "not an absolute http(s) URL")]
    [InlineData("Bearer realm=\"http://127.0.0.1/token", "does not parse")]
    public async Task UnfollowableChallenge_Defers(string challenge, string expected)
    {
        _registry.ChallengeOverride = challenge;
        var model = _registry.Push(Repo, [("a.bin", [1])]);
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path);

        var deferred = Backends.Deferred(await storage.DescribeAsync(model, default));

        Assert.Contains(expected, deferred.Reason, StringComparison.Ordinal);
        Assert.Empty(_tokens.Requests);
    }

    [Fact]
    public async Task BasicChallenge_AnsweredWithTheAccount()
    {
        _registry.TokenRealm = null;
        _registry.RequiredBasic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(User + ":" + Password));
        var model = _registry.Push(Repo, [("a.bin", [1])]);
        using var storage = Backends.Create(Backends.Registry(_registry.Endpoint), _temp.Path, Account());

        Backends.Value(await storage.DescribeAsync(model, default));

        Assert.Empty(_tokens.Requests);
        Assert.Contains(_registry.RequiredBasic, _registry.AuthorizationHeaders);
    }

    private static Dictionary<string, string> Account() => new()
    {
        ["HIPPIUS_REGISTRY_USERNAME"] = User,
        ["HIPPIUS_REGISTRY_PASSWORD"] = Password,
    };
}
