using System.Globalization;
using System.Text;
using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Judging;

/// <summary>
/// A deterministic judge for offline duels: it answers the five-metric protocol by comparing each reply with the
/// sample's original reply (<see cref="ReplySimilarity"/>); a metric is 0 (equal) when the two similarities differ by
/// at most <see cref="Tolerance"/>, else the closer reply wins. No network, no account.
/// </summary>
[Component("offline-reference", Description = "Deterministic judge comparing each reply with the sample's original reply (offline duels).")]
internal sealed class OfflineReferenceJudge(ReferenceBook book) : IJudge
{
    public const double Tolerance = 0.02;

    public string Model => "offline-reference";

    public Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!book.TryGet(request.TraceId, out var entry))
        {
            return Task.FromResult<JudgeResult>(new JudgeFailure("The offline-reference judge has no original reply for this call; it only judges duel samples.", false, Model));
        }

        var one = ReplySimilarity.Metrics(entry!.Model1, entry.Original);
        var two = ReplySimilarity.Metrics(entry.Model2, entry.Original);
        var answer = new StringBuilder("{");
        for (var k = 0; k < JudgeMetrics.Names.Count; k++)
        {
            var value = Math.Abs(one[k] - two[k]) <= Tolerance ? 0 : one[k] > two[k] ? 1 : 2;
            answer.Append(CultureInfo.InvariantCulture, $"{(k == 0 ? string.Empty : ", ")}\"{JudgeMetrics.Names[k]}\": {value}");
        }

        return Task.FromResult<JudgeResult>(new JudgeAnswer(answer.Append('}').ToString(), Model, "offline", null, TimeSpan.Zero));
    }
}
