using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>Per-layer keys and values ([batch, kv heads, length, head dim]) of the tokens seen so far.</summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] keys;
    private readonly Tensor?[] values;

    /// <summary>Creates an empty cache for a model with <paramref name="layers"/> layers.</summary>
    /// <param name="layers">The number of decoder layers.</param>
    public KvCache(int layers)
    {
        keys = new Tensor?[layers];
        values = new Tensor?[layers];
    }

    /// <summary>The number of cached positions.</summary>
    public long Length => keys[0]?.shape[2] ?? 0;

    /// <summary>Appends this step's keys and values for a layer and returns the full ones (owned by the cache).</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor newKeys, Tensor newValues)
    {
        keys[layer] = Concat(keys[layer], newKeys);
        values[layer] = Concat(values[layer], newValues);
        return (keys[layer]!, values[layer]!);
    }

    /// <summary>Keeps only the given batch rows (in that order), e.g. to drop finished sequences from a batch.</summary>
    /// <param name="rows">Row indices, int64, on the cache's device.</param>
    internal void KeepRows(Tensor rows)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Select(keys[i], rows);
            values[i] = Select(values[i], rows);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i]?.Dispose();
            values[i]?.Dispose();
            keys[i] = null;
            values[i] = null;
        }
    }

    private static Tensor? Select(Tensor? past, Tensor rows)
    {
        if (past is null)
        {
            return null;
        }

        var kept = past.index_select(0, rows.to(past.device));
        kept.DetachFromDisposeScope();
        past.Dispose();
        return kept;
    }

    private static Tensor Concat(Tensor? past, Tensor next)
    {
        var joined = past is null ? next.clone() : cat([past, next], 2);
        joined.DetachFromDisposeScope();
        past?.Dispose();
        return joined;
    }
}
