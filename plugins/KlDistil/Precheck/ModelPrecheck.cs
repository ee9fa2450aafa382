using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Precheck;

/// <summary>One check of a mode, by its component name.</summary>
public sealed record NamedCheck(string Name, IAntiCheatCheck Check);

/// <summary>What one check said about the model; <see cref="Outcome"/> is null when the check was not run (Behavior stage, or an earlier stage failed).</summary>
public sealed record PrecheckResult(string Check, CheckStage Stage, CheckOutcome? Outcome, string? SkippedBecause)
{
    /// <summary>Passed, or not applicable before a model run.</summary>
    public bool IsPassed => Outcome?.IsPassed ?? false;
}

/// <summary>
/// The miner's pre-submission check (<c>tournament check-model</c>): runs every Metadata check, then downloads the model
/// and runs every Content check, exactly as a validator would, and reports each result with its reason. Depends on
/// Tournament.Abstractions only, so any mode's checks can be run with it.
/// </summary>
public static class ModelPrecheck
{
    /// <summary>Runs the checks against <paramref name="submission"/>'s model. Content checks run only when every Metadata check passed.</summary>
    public static async Task<IReadOnlyList<PrecheckResult>> RunAsync(
        IReadOnlyList<NamedCheck> checks,
        Submission submission,
        IStorageBackend storage,
        RoundContext round,
        IFingerprintLedger ledger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(ledger);
        var results = new List<PrecheckResult>();
        var described = await storage.DescribeAsync(submission.Model, cancellationToken).ConfigureAwait(false);
        if (!described.IsOk)
        {
            var outcome = described.Match<CheckOutcome>(_ => CheckOutcome.Pass(), d => d, d => d);
            results.Add(new PrecheckResult("describe", CheckStage.Metadata, outcome, null));
            results.AddRange(checks.Select(c => new PrecheckResult(c.Name, c.Check.Stage, null, "the model could not be described")));
            return results;
        }

        var description = described.AsT0;
        var isKing = round.King == submission.Key;
        var metadataOk = true;
        foreach (var named in checks.Where(c => c.Check.Stage == CheckStage.Metadata))
        {
            var outcome = await named.Check.CheckAsync(new CheckContext(round, submission, description, storage, null, ledger, isKing), cancellationToken).ConfigureAwait(false);
            metadataOk &= outcome.IsPassed;
            results.Add(new PrecheckResult(named.Name, CheckStage.Metadata, outcome, null));
        }

        var content = checks.Where(c => c.Check.Stage == CheckStage.Content).ToList();
        if (content.Count > 0 && !metadataOk)
        {
            results.AddRange(content.Select(c => new PrecheckResult(c.Name, CheckStage.Content, null, "a Metadata check did not pass, so the model was not downloaded")));
        }
        else if (content.Count > 0)
        {
            var fetched = await storage.FetchAsync(submission.Model, FetchRequest.All, round.Progress, cancellationToken).ConfigureAwait(false);
            if (!fetched.IsOk)
            {
                results.Add(new PrecheckResult("fetch", CheckStage.Content, fetched.Match<CheckOutcome>(_ => CheckOutcome.Pass(), d => d, d => d), null));
                results.AddRange(content.Select(c => new PrecheckResult(c.Name, CheckStage.Content, null, "the model could not be downloaded")));
            }
            else
            {
                foreach (var named in content)
                {
                    var outcome = await named.Check.CheckAsync(new CheckContext(round, submission, description, storage, fetched.AsT0, ledger, isKing), cancellationToken).ConfigureAwait(false);
                    results.Add(new PrecheckResult(named.Name, CheckStage.Content, outcome, null));
                }
            }
        }

        results.AddRange(checks.Where(c => c.Check.Stage == CheckStage.Behavior)
            .Select(c => new PrecheckResult(c.Name, CheckStage.Behavior, null, "Behavior checks need a model run; validators run them during the round")));
        return results;
    }
}

/// <summary>A throw-away fingerprint ledger for pre-submission checks: starts from the given records, keeps new ones in memory only.</summary>
public sealed class InMemoryFingerprintLedger(IEnumerable<FingerprintRecord>? initial = null) : IFingerprintLedger
{
    private readonly List<FingerprintRecord> _records = [.. initial ?? []];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public IReadOnlyList<FingerprintRecord> Find(string kind)
    {
        lock (_gate)
        {
            return _records.Where(r => r.Kind == kind).ToList();
        }
    }

    /// <inheritdoc />
    public void Record(SubmissionKey owner, string kind, string value)
    {
        lock (_gate)
        {
            _records.Add(new FingerprintRecord(owner, kind, value));
        }
    }
}
