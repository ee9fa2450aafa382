using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius;

namespace Tournament.Storage.Hippius.Tests.Fixtures;

internal sealed class TestHttpClientFactory : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(new SocketsHttpHandler(), disposeHandler: true);
}

internal sealed class FakeEnvironment(Dictionary<string, string> values) : IEnvironmentReader
{
    public string? Get(string name) => values.GetValueOrDefault(name);
}

/// <summary>Captures every log line (formatted message and exception text) to check that secrets never appear.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");

    public string All => string.Join('\n', Lines);
}

internal static class Backends
{
    public static HippiusStorage Create(HippiusOptions options, string dataDirectory, Dictionary<string, string>? environment = null, CapturingLogger<HippiusStorage>? logger = null) =>
        new(options, new HostEnvironment(dataDirectory, dataDirectory), new TestHttpClientFactory(), TimeProvider.System,
            logger ?? new CapturingLogger<HippiusStorage>(), new FakeEnvironment(environment ?? []));

    public static HippiusOptions Registry(Uri endpoint) => new()
    {
        RegistryEndpoint = endpoint,
        MaxAttempts = 3,
        RetryBaseDelayMilliseconds = 1,
        RequestTimeoutSeconds = 10,
    };

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static T Value<T>(StorageResult<T> result) =>
        result.Match(v => v, d => throw new Xunit.Sdk.XunitException($"disqualified [{d.ReasonCode}] {d.Message}"), d => throw new Xunit.Sdk.XunitException($"deferred: {d.Reason}"));

    public static Disqualified Disqualified<T>(StorageResult<T> result) =>
        result.Match(_ => throw new Xunit.Sdk.XunitException("expected a disqualification, got a value"), d => d, d => throw new Xunit.Sdk.XunitException($"expected a disqualification, got deferred: {d.Reason}"));

    public static Deferred Deferred<T>(StorageResult<T> result) =>
        result.Match(_ => throw new Xunit.Sdk.XunitException("expected a deferral, got a value"), d => throw new Xunit.Sdk.XunitException($"expected a deferral, got disqualified [{d.ReasonCode}] {d.Message}"), d => d);
}
