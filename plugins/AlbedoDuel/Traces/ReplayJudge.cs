using System.Collections.Concurrent;
using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Traces;

/// <summary>
/// A judge that answers from <c>judge_raw.jsonl</c>: for each sample it hands out that judge's recorded calls in pass
/// order, after checking that the request the duel code builds now is the one recorded. Anything that does not match
/// (a different request, a call the trace lacks, a recorded call never asked for) is noted as a disagreement.
/// </summary>
internal sealed class ReplayJudge : IJudge
{
    private readonly string _duelId;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JudgeLine>> _calls;
    private readonly ConcurrentQueue<string> _problems;
    private readonly ConcurrentDictionary<string, int> _asks = new(StringComparer.Ordinal);

    public ReplayJudge(int index, string model, string duelId, IEnumerable<JudgeLine> lines, ConcurrentQueue<string> problems)
    {
        Index = index;
        Model = model;
        _duelId = duelId;
        _problems = problems;
        _calls = new ConcurrentDictionary<string, ConcurrentQueue<JudgeLine>>(
            lines.Where(l => l.Judge == index).GroupBy(l => l.SampleId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new ConcurrentQueue<JudgeLine>(g.OrderBy(l => l.Pass))), StringComparer.Ordinal);
    }

    public int Index { get; }

    public string Model { get; }

    public int Unused => _calls.Values.Sum(q => q.Count);

    public Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sample = request.TraceId is { } id && id.StartsWith(_duelId + ":", StringComparison.Ordinal) ? id[(_duelId.Length + 1)..] : string.Empty;
        if (!_calls.TryGetValue(sample, out var queue) || !queue.TryDequeue(out var line))
        {
            _problems.Enqueue($"judge {Index} was asked about sample '{sample}' once more than judge_raw.jsonl records");
            return Task.FromResult<JudgeResult>(new JudgeFailure("No recorded call.", false, "replay"));
        }

        // A judge is re-asked only while it fails, so its k-th ask about a sample is pass k.
        var pass = _asks.AddOrUpdate(sample, 0, (_, n) => n + 1);
        if (line.Pass != pass)
        {
            _problems.Enqueue($"judge {Index}'s call {pass} on sample '{sample}' is recorded as pass {line.Pass}");
        }

        if (!line.Messages.SequenceEqual(DuelTraceWriter.Messages(request.Messages)))
        {
            _problems.Enqueue($"the judge request for sample '{sample}' (judge {Index}, pass {line.Pass}) differs from the one recorded");
        }

        return Task.FromResult<JudgeResult>(line.Answer is { } answer
            ? new JudgeAnswer(answer, line.Model, "replay", null, TimeSpan.Zero)
            : new JudgeFailure(line.Failure ?? "The recorded call has neither an answer nor a failure.", true, "replay"));
    }
}
