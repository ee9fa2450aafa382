using Tournament.Abstractions;

namespace Tournament.Storage.HuggingFace.Tests.Support;

/// <summary>Gives each test its own fake Hub and cache.</summary>
public abstract class HubTestBase : IAsyncLifetime
{
    protected HubFixture F { get; } = new();

    public Task InitializeAsync() => F.InitializeAsync();

    public Task DisposeAsync() => F.DisposeAsync();

    protected static T Ok<T>(StorageResult<T> result) =>
        result.Match(v => v, d => throw new Xunit.Sdk.XunitException($"disqualified [{d.ReasonCode}] {d.Message}"), d => throw new Xunit.Sdk.XunitException($"deferred: {d.Reason}"));

    protected static Disqualified Gone<T>(StorageResult<T> result) =>
        result.IsT1 ? result.AsT1 : throw new Xunit.Sdk.XunitException($"expected disqualified, got {(result.IsT0 ? "a value" : "deferred: " + result.AsT2.Reason)}");

    protected static Deferred Deferred<T>(StorageResult<T> result) =>
        result.IsT2 ? result.AsT2 : throw new Xunit.Sdk.XunitException($"expected deferred, got {(result.IsT0 ? "a value" : "disqualified: " + result.AsT1.Message)}");
}
