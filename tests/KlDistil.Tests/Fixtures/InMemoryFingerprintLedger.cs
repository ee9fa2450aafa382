using Tournament.Abstractions;

namespace Tournament.KlDistil.Tests.Fixtures;

/// <summary>A fingerprint ledger in memory: starts from the given records, keeps new ones.</summary>
internal sealed class InMemoryFingerprintLedger(IEnumerable<FingerprintRecord>? initial = null) : IFingerprintLedger
{
    private readonly List<FingerprintRecord> _records = [.. initial ?? []];
    private readonly Lock _gate = new();

    public IReadOnlyList<FingerprintRecord> Find(string kind)
    {
        lock (_gate)
        {
            return _records.Where(r => r.Kind == kind).ToList();
        }
    }

    public void Record(SubmissionKey owner, string kind, string value)
    {
        lock (_gate)
        {
            _records.Add(new FingerprintRecord(owner, kind, value));
        }
    }
}
