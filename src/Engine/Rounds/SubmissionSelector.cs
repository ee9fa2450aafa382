using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>A registered hotkey whose first commitment could not be parsed.</summary>
/// <param name="Key">The submission key (hotkey and the chain's block of the commitment).</param>
/// <param name="Uid">The UID the hotkey holds now.</param>
/// <param name="Message">Why the commitment was refused.</param>
internal sealed record BadCommitment(SubmissionKey Key, int Uid, string Message);

/// <summary>The submissions of a round.</summary>
/// <param name="Submissions">One per registered hotkey, in commit order (block, then index).</param>
/// <param name="BadCommitments">Registered hotkeys whose counting commitment is unparseable.</param>
internal sealed record SelectedSubmissions(IReadOnlyList<Submission> Submissions, IReadOnlyList<BadCommitment> BadCommitments);

/// <summary>
/// Turns chain commitments into submissions: one per hotkey, the first commitment (lowest block, then index) counts,
/// and only hotkeys registered now take part. The block is always the chain's; a <c>block</c> key inside a JSON
/// commitment is ignored by <see cref="CommitmentParser"/>.
/// </summary>
internal static partial class SubmissionSelector
{
    public static SelectedSubmissions Select(IReadOnlyList<Commitment> commitments, IReadOnlyList<Neuron> neurons, long upToBlock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        ArgumentNullException.ThrowIfNull(neurons);
        ArgumentNullException.ThrowIfNull(logger);

        // A hotkey listed twice in a metagraph would be a chain bug; the lowest UID is taken so the result is deterministic.
        var registered = new Dictionary<string, Neuron>(StringComparer.Ordinal);
        foreach (var neuron in neurons.OrderBy(n => n.Uid))
        {
            registered.TryAdd(neuron.Hotkey, neuron);
        }

        var first = new Dictionary<string, Commitment>(StringComparer.Ordinal);
        var ordered = commitments
            .Where(c => c.Block <= upToBlock)
            .Select((c, position) => (c, position))
            .OrderBy(x => x.c.Block).ThenBy(x => x.c.Index).ThenBy(x => x.position)
            .Select(x => x.c);
        foreach (var commitment in ordered)
        {
            if (!first.TryGetValue(commitment.Hotkey, out var counting))
            {
                first.Add(commitment.Hotkey, commitment);
            }
            else if (!string.Equals(counting.Data, commitment.Data, StringComparison.Ordinal))
            {
                LogLaterCommitmentIgnored(logger, commitment.Hotkey, commitment.Block, counting.Block);
            }
        }

        var submissions = new List<Submission>();
        var bad = new List<BadCommitment>();
        foreach (var commitment in first.Values.OrderBy(c => c.Block).ThenBy(c => c.Index).ThenBy(c => c.Hotkey, StringComparer.Ordinal))
        {
            if (!registered.TryGetValue(commitment.Hotkey, out var neuron))
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    LogUnregisteredSkipped(logger, commitment.Hotkey);
                }

                continue;
            }

            if (CommitmentParser.TryParse(commitment.Data, out var model, out var error))
            {
                submissions.Add(new Submission(commitment.Hotkey, neuron.Uid, commitment.Block, model!));
            }
            else
            {
                bad.Add(new BadCommitment(new SubmissionKey(commitment.Hotkey, commitment.Block), neuron.Uid, error ?? "The commitment could not be parsed."));
            }
        }

        return new SelectedSubmissions(submissions, bad);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a later commitment of {Hotkey} at block {Block}: one commitment per hotkey counts, the one at block {FirstBlock}.")]
    private static partial void LogLaterCommitmentIgnored(ILogger logger, string hotkey, long block, long firstBlock);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped the commitment of {Hotkey}: the hotkey is not registered now.")]
    private static partial void LogUnregisteredSkipped(ILogger logger, string hotkey);
}
