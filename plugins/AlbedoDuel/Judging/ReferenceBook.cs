using System.Collections.Concurrent;

namespace Tournament.Plugins.AlbedoDuel.Judging;

/// <summary>What a reference-based judge needs for one call: the two replies exactly as shown, and the sample's original reply.</summary>
/// <param name="Model1">The cleaned reply shown as MODEL 1.</param>
/// <param name="Model2">The cleaned reply shown as MODEL 2.</param>
/// <param name="Original">The sample's original reply (never part of any judge request).</param>
internal sealed record ReferenceEntry(string Model1, string Model2, string Original);

/// <summary>
/// The duel registers each call's replies and original reply here under the request's trace id, so the
/// <c>offline-reference</c> judge can answer through the plain <c>IJudge</c> contract while remote judges never see
/// the original. Entries are removed when the duel is done.
/// </summary>
internal sealed class ReferenceBook
{
    private readonly ConcurrentDictionary<string, ReferenceEntry> _entries = new(StringComparer.Ordinal);

    public void Add(string traceId, ReferenceEntry entry) => _entries[traceId] = entry;

    public bool TryGet(string? traceId, out ReferenceEntry? entry)
    {
        entry = null;
        return traceId is not null && _entries.TryGetValue(traceId, out entry);
    }

    public void Remove(string traceId) => _entries.TryRemove(traceId, out _);
}
