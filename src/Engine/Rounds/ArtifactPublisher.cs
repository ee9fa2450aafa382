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
internal sealed class ArtifactPublisher(NamedComponent<IStorageBackend>? backend, ILogger logger)
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
            logger.LogInformation("No artifact backend is configured (Tournament:Artifacts); the round report is not published.");
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
                logger.LogWarning("Publishing stopped by cancellation; {Count} artifact(s) left unpublished (the round is committed).", artifacts.Count - published.Count);
                break;
            }

            try
            {
                var result = await backend.Component.PublishAsync(artifact, cancellationToken).ConfigureAwait(false);
                result.Switch(
                    location => published.Add(location),
                    dq => logger.LogWarning("Artifact {Key} was refused by {Backend}: [{Code}] {Message}", artifact.Key, backend.Name, dq.ReasonCode, dq.Message),
                    deferred => logger.LogWarning("Artifact {Key} was not published by {Backend}: {Reason}", artifact.Key, backend.Name, deferred.Reason));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Publishing {Key} was cancelled (the round is committed).", artifact.Key);
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogWarning("Publishing {Key} to {Backend} failed: {Error}", artifact.Key, backend.Name, ex.Message);
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
}
