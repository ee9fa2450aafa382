using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;

namespace Tournament.Engine.Rounds;

/// <summary>
/// Publishes a committed round's artifacts: <c>rounds/&lt;mode&gt;/&lt;block&gt;-&lt;hash12&gt;/report.json</c>, the
/// standings snapshot <c>…/standings.json</c>, then whatever components added. Failures are logged, never fatal: the
/// round is already committed.
/// </summary>
internal sealed partial class ArtifactPublisher(NamedComponent<IStorageBackend>? backend, ILogger logger)
{
    public static string RoundFolder(string mode, long block, string blockHash)
    {
        var hash = blockHash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? blockHash[2..] : blockHash;
        return $"rounds/{SafeSegment(mode)}/{block.ToString(CultureInfo.InvariantCulture)}-{SafeSegment(hash[..Math.Min(12, hash.Length)].ToLowerInvariant())}";
    }

    public async Task<IReadOnlyList<ArtifactLocation>> PublishAsync(RoundReport report, Standings standings, IReadOnlyList<Artifact> extra, CancellationToken cancellationToken)
    {
        if (backend is null)
        {
            LogNoArtifactBackend(logger);
            return [];
        }

        var folder = RoundFolder(report.Mode, report.Block, report.BlockHash);
        var standingsJson = JsonSerializer.SerializeToUtf8Bytes(RoundReport.StandingsOf(standings), RoundReport.JsonOptions);
        var artifacts = new List<Artifact>
        {
            new($"{folder}/report.json", "application/json", report.ToJson()),
            new($"{folder}/standings.json", "application/json", standingsJson),
        };
        artifacts.AddRange(extra);

        var published = new List<ArtifactLocation>();
        foreach (var artifact in artifacts)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                LogPublishingStopped(logger, artifacts.Count - published.Count);
                break;
            }

            try
            {
                var result = await backend.Component.PublishAsync(artifact, cancellationToken).ConfigureAwait(false);
                result.Switch(
                    location => published.Add(location),
                    dq => LogArtifactRefused(logger, artifact.Key, backend.Name, dq.ReasonCode, dq.Message),
                    deferred => LogArtifactDeferred(logger, artifact.Key, backend.Name, deferred.Reason));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LogPublishingCancelled(logger, artifact.Key);
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogPublishingFailed(logger, artifact.Key, backend.Name, ex.Message);
            }
        }

        return published;
    }

    private static string SafeSegment(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        var segment = builder.ToString().Trim('.');
        return segment.Length == 0 ? "_" : segment;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No artifact backend is configured (Tournament:Artifacts); the round report is not published.")]
    private static partial void LogNoArtifactBackend(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing stopped by cancellation; {Count} artifact(s) left unpublished (the round is committed).")]
    private static partial void LogPublishingStopped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Artifact {Key} was refused by {Backend}: [{Code}] {Message}")]
    private static partial void LogArtifactRefused(ILogger logger, string key, string backend, string code, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Artifact {Key} was not published by {Backend}: {Reason}")]
    private static partial void LogArtifactDeferred(ILogger logger, string key, string backend, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Key} was cancelled (the round is committed).")]
    private static partial void LogPublishingCancelled(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Key} to {Backend} failed: {Error}")]
    private static partial void LogPublishingFailed(ILogger logger, string key, string backend, string error);
}
