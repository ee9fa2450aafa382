using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>
/// What a decoder keeps between calls: per-layer keys and values ([batch, kv heads, length, head dim]) of the
/// attention layers and, for Qwen3.5 linear-attention layers, the causal-conv window ([batch, channels, kernel − 1])
/// and the gated-delta-rule state ([batch, value heads, key dim, value dim], float32).
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] keys;
    private readonly Tensor?[] values;
    private readonly Tensor?[] convStates;
    private readonly Tensor?[] recurrentStates;

    /// <summary>Creates an empty cache for a model with <paramref name="layers"/> layers.</summary>
    /// <param name="layers">The number of decoder layers.</param>
    public KvCache(int layers)
    {
        keys = new Tensor?[layers];
        values = new Tensor?[layers];
        convStates = new Tensor?[layers];
        recurrentStates = new Tensor?[layers];
    }

    /// <summary>The number of cached positions.</summary>
    public long Length { get; private set; }

    /// <summary>The bytes the cache holds now (keys, values and linear-attention states).</summary>
    public long ByteSize =>
        new[] { keys, values, convStates, recurrentStates }.SelectMany(a => a).Sum(t => t is null ? 0 : t.NumberOfElements * t.ElementSize);

    /// <summary>Appends this step's keys and values for a layer and returns the full ones (owned by the cache).</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor newKeys, Tensor newValues)
    {
        keys[layer] = Concat(keys[layer], newKeys);
        values[layer] = Concat(values[layer], newValues);
        return (keys[layer]!, values[layer]!);
    }

    /// <summary>A linear-attention layer's conv window and recurrent state (null before the first call).</summary>
    internal (Tensor? Conv, Tensor? Recurrent) LinearState(int layer) => (convStates[layer], recurrentStates[layer]);

    /// <summary>Replaces a linear-attention layer's states (the cache takes ownership of copies).</summary>
    internal void SetLinearState(int layer, Tensor conv, Tensor recurrent)
    {
        Replace(convStates, layer, conv);
        Replace(recurrentStates, layer, recurrent);
    }

    /// <summary>Counts <paramref name="positions"/> new positions once every layer has seen them.</summary>
    internal void Advance(long positions) => Length += positions;

    /// <summary>Keeps only the given batch rows (in that order), e.g. to drop finished sequences from a batch.</summary>
    /// <param name="rows">Row indices, int64, on the cache's device.</param>
    internal void KeepRows(Tensor rows)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Select(keys[i], rows);
            values[i] = Select(values[i], rows);
            convStates[i] = Select(convStates[i], rows);
            recurrentStates[i] = Select(recurrentStates[i], rows);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var array in new[] { keys, values, convStates, recurrentStates })
        {
            for (var i = 0; i < array.Length; i++)
            {
                array[i]?.Dispose();
                array[i] = null;
            }
        }

        Length = 0;
    }

    private static void Replace(Tensor?[] array, int layer, Tensor next)
    {
        var kept = next.clone();
        kept.DetachFromDisposeScope();
        array[layer]?.Dispose();
        array[layer] = kept;
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
