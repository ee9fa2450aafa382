using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Engine.Serve;

/// <summary>What <c>tournament serve</c> serves: the state file, the active mode, the chain to probe, the artifacts folder.</summary>
internal sealed class ServeSettings
{
    /// <summary>The default address: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8787";

    /// <summary>The SQLite state database (opened read-only).</summary>
    public required string StatePath { get; init; }

    /// <summary>The configured mode.</summary>
    public required string ActiveMode { get; init; }

    /// <summary>The chain that <c>/readyz</c> probes; null to skip the probe.</summary>
    public IChain? Chain { get; init; }

    /// <summary>The local artifact backend's folder (artifacts are served from it), or null.</summary>
    public string? ArtifactsRoot { get; init; }

    /// <summary>Where to listen.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>Logging.</summary>
    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
