using System.Globalization;
using System.Text.RegularExpressions;
using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>
/// Counts the consecutive rounds in which a component threw on a submission. The count lives in the deferral's reason
/// (<c>component-error 2/3: …</c>) of the last committed round, so the state schema does not change: a submission whose
/// previous round ended any other way starts again at 1.
/// </summary>
internal sealed partial class ComponentErrorCounter(IStateStore state, string mode, RoundSummary? lastRound, int limit)
{
    private const string ReasonCode = ReasonCodes.ComponentError;

    private IReadOnlyList<ModelScoreRecord>? _previous;

    /// <summary>Decides a faulted submission's outcome: deferred with the count, or disqualified once the count reaches the limit.</summary>
    public async Task<CandidateVerdict> JudgeAsync(SubmissionKey key, ComponentFaultException fault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _previous ??= lastRound is null ? [] : await state.LoadScoresAsync(mode, lastRound.BlockHash, cancellationToken).ConfigureAwait(false);
        var before = _previous.FirstOrDefault(s => s.Key == key) is { Status: CandidateStatus.Deferred, Reason: { } reason } ? CountIn(reason) : 0;
        var count = before + 1;
        return count >= limit
            ? new CandidateVerdict(new Disqualified(ReasonCode, $"A component threw on this submission in {count} consecutive rounds (limit {limit}): {fault.Sentence}"), null)
            : new CandidateVerdict(null, new Deferred($"{ReasonCode} {count}/{limit}: {fault.Sentence}"));
    }

    /// <summary>The count a deferral reason carries, or 0 when it is not a component error.</summary>
    public static int CountIn(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var match = CountPattern().Match(reason);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    [GeneratedRegex(@"^component-error ([0-9]{1,9})/[0-9]{1,9}: ", RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();
}

/// <summary>A faulted submission's outcome: exactly one of the two is set.</summary>
internal sealed record CandidateVerdict(Disqualified? Disqualified, Deferred? Deferred);
