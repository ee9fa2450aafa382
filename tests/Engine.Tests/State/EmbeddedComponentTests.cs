using Microsoft.Extensions.Time.Testing;
using Tournament.Abstractions;
using Tournament.Engine.Chain;
using Tournament.Engine.State;
using Tournament.Engine.Storage;

namespace Tournament.Engine.Tests.State;

public sealed class EmbeddedComponentTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Components_DeclareTheirNamesAndOptions()
    {
        Assert.Equal(("sqlite", typeof(SqliteStateStoreOptions)), (ComponentHarness.Attribute<SqliteStateStore>().Name, ComponentHarness.Attribute<SqliteStateStore>().Options));
        Assert.Equal(("local-chain", typeof(LocalChainOptions)), (ComponentHarness.Attribute<LocalChain>().Name, ComponentHarness.Attribute<LocalChain>().Options));
        Assert.Equal(("local", typeof(LocalStorageOptions)), (ComponentHarness.Attribute<LocalStorage>().Name, ComponentHarness.Attribute<LocalStorage>().Options));
    }

    [Fact]
    public async Task SqliteStateStore_FromConfiguration_UsesTheResolvedPath()
    {
        var options = ComponentHarness.BindOptions<SqliteStateStore>(new Dictionary<string, string?> { ["Components:sqlite:Path"] = "data/my-state.db", ["Components:sqlite:BusyTimeoutSeconds"] = "5" });
        Assert.Empty(ComponentHarness.Validate(options));
        using var store = (SqliteStateStore)ComponentHarness.Create<SqliteStateStore>(options, _folder.Environment);
        Assert.IsAssignableFrom<IStateStore>(store);

        await store.InitializeAsync(default);
        Assert.Equal(_folder.File("data/my-state.db"), store.Path);
        Assert.True(File.Exists(store.Path));
    }

    [Fact]
    public async Task LocalChain_FromConfiguration_UsesDefaultsUnderTheDataDirectory()
    {
        var options = ComponentHarness.BindOptions<LocalChain>(new Dictionary<string, string?>());
        Assert.Empty(ComponentHarness.Validate(options));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var chain = ComponentHarness.Create<LocalChain>(options, _folder.Environment, time);
        await chain.GetHeadAsync(default);
        time.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal(1, (await chain.GetHeadAsync(default)).Number);
        Assert.Equal(Path.Combine(_folder.Environment.DataDirectory, "chain.db"), chain.Path);
    }

    [Fact]
    public void LocalStorage_FromConfiguration_ResolvesRootAndArtifacts()
    {
        var options = ComponentHarness.BindOptions<LocalStorage>(new Dictionary<string, string?> { ["Components:local:Root"] = "models", ["Components:local:MaxFileBytes"] = "1048576" });
        Assert.Empty(ComponentHarness.Validate(options));
        var storage = ComponentHarness.Create<LocalStorage>(options, _folder.Environment);

        Assert.Equal(_folder.File("models"), storage.Root);
        Assert.Equal(Path.Combine(_folder.Environment.DataDirectory, "artifacts"), storage.ArtifactsRoot);
    }

    [Theory]
    [InlineData("sqlite", "BusyTimeoutSeconds", "0")]
    [InlineData("sqlite", "Path", " ")]
    [InlineData("local-chain", "BlockTimeSeconds", "0")]
    [InlineData("local-chain", "Netuid", "-1")]
    [InlineData("local-chain", "GenesisSeed", "")]
    [InlineData("local", "MaxFileBytes", "0")]
    [InlineData("local", "Root", "")]
    [InlineData("local", "ArtifactsPath", " ")]
    public void Options_InvalidValue_IsReportedWithTheKey(string component, string key, string value)
    {
        var settings = new Dictionary<string, string?> { [$"Components:{component}:{key}"] = value };
        if (component == "local" && key != "Root")
        {
            settings["Components:local:Root"] = "models";
        }

        var options = component switch
        {
            "sqlite" => ComponentHarness.BindOptions<SqliteStateStore>(settings),
            "local-chain" => ComponentHarness.BindOptions<LocalChain>(settings),
            _ => ComponentHarness.BindOptions<LocalStorage>(settings),
        };

        Assert.Contains(ComponentHarness.Validate(options), e => e.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void LocalStorageOptions_WithoutRoot_IsInvalid()
    {
        var options = ComponentHarness.BindOptions<LocalStorage>(new Dictionary<string, string?>());
        Assert.Contains(ComponentHarness.Validate(options), e => e.StartsWith("Root:", StringComparison.Ordinal));
    }
}
