using Tournament.Inference.Models;
using static TorchSharp.torch;

namespace Tournament.Inference.Generation;

/// <summary>Batched generation: left padding with an attention mask and per-row positions, one KV cache for the batch.</summary>
public static partial class TextGenerator
{
    /// <summary>The most prompts one batch call accepts.</summary>
    public const int MaxBatchRows = 4096;

    /// <summary>
    /// Continues many prompts at once. Prompts are left-padded; each row gets its own RoPE positions (0 at its first
    /// real token), its own attention mask and its own seeded sampler, so a row's output equals what
    /// <see cref="Generate"/> gives for that prompt and seed alone, whatever else is in the batch. Finished rows leave
    /// the batch (and the cache). The KV cache is always used here (<see cref="GenerationOptions.UseKvCache"/> is ignored).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="requests">The prompts and their seeds.</param>
    /// <param name="options">The shared options (<see cref="GenerationOptions.Seed"/> is ignored: rows carry seeds).</param>
    /// <param name="decode">Turns ids into text; needed for stop strings and <see cref="GenerationResult.Text"/>.</param>
    /// <param name="cancellationToken">Checked between tokens.</param>
    /// <returns>One result per request, in request order.</returns>
    public static IReadOnlyList<GenerationResult> GenerateBatch(
        DecoderModel model, IReadOnlyList<GenerationRequest> requests, GenerationOptions options, Func<IReadOnlyList<long>, string>? decode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(options);
        CheckCall(options, decode);
        if (requests.Count > MaxBatchRows)
        {
            throw new ArgumentException($"A batch holds at most {MaxBatchRows} prompts; got {requests.Count}.", nameof(requests));
        }

        foreach (var r in requests)
        {
            ArgumentNullException.ThrowIfNull(r, nameof(requests));
            CheckPrompt(r.PromptIds, model.Config.VocabSize, nameof(requests));
        }

        var rows = requests.Select(r => new RowState(r.PromptIds.Count, options, model, decode, r.Seed)).ToArray();
        try
        {
            Run(model, requests, rows, cancellationToken);
            return [.. rows.Select(r => r.Finish())];
        }
        finally
        {
            foreach (var r in rows)
            {
                r.Dispose();
            }
        }
    }

    private static void Run(DecoderModel model, IReadOnlyList<GenerationRequest> requests, RowState[] rows, CancellationToken cancellationToken)
    {
        if (rows.Length == 0)
        {
            return;
        }

        var device = model.Device;
        var width = requests.Max(r => r.PromptIds.Count);
        var lengths = requests.Select(r => (long)r.PromptIds.Count).ToArray();
        var ids = new long[rows.Length * width];
        var mask = new long[rows.Length * width];
        var positions = new long[rows.Length * width];
        for (var r = 0; r < rows.Length; r++)
        {
            var pad = width - requests[r].PromptIds.Count;
            for (var t = 0; t < requests[r].PromptIds.Count; t++)
            {
                ids[(r * width) + pad + t] = requests[r].PromptIds[t];
                mask[(r * width) + pad + t] = 1;
                positions[(r * width) + pad + t] = t;
            }
        }

        using var cache = new KvCache(model.Config.NumHiddenLayers);
        var active = Enumerable.Range(0, rows.Length).ToList();
        var attention = tensor(mask, [rows.Length, width], device: device);
        var input = new DecoderInput(tensor(ids, [rows.Length, width], device: device))
        {
            AttentionMask = attention, PositionIds = tensor(positions, [rows.Length, width], device: device), Cache = cache, LastPositionOnly = true,
        };
        try
        {
            for (var step = 0; ; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (var scope = NewDisposeScope())
                {
                    using var output = model.forward(input);
                    var logits = output.Logits[.., -1].to_type(ScalarType.Float32);
                    for (var j = 0; j < active.Count; j++)
                    {
                        rows[active[j]].Step(logits, j);
                    }
                }

                var keep = Enumerable.Range(0, active.Count).Where(j => !rows[active[j]].Done).ToArray();
                if (keep.Length == 0)
                {
                    return;
                }

                DisposeInput(input);
                if (keep.Length < active.Count)
                {
                    using var index = tensor(keep.Select(j => (long)j).ToArray(), device: device);
                    cache.KeepRows(index);
                    using var old = attention;
                    attention = attention.index_select(0, index);
                    active = [.. keep.Select(j => active[j])];
                }

                using (var previous = attention)
                {
                    using var one = ones(active.Count, 1, ScalarType.Int64, device);
                    attention = cat([previous, one], 1);
                }

                input = new DecoderInput(tensor(active.Select(r => rows[r].Last).ToArray(), [active.Count, 1], device: device))
                {
                    AttentionMask = attention,
                    PositionIds = tensor(active.Select(r => lengths[r] + step).ToArray(), [active.Count, 1], device: device),
                    Cache = cache,
                    LastPositionOnly = true,
                };
            }
        }
        finally
        {
            DisposeInput(input);
            attention.Dispose();
        }
    }

    private static void DisposeInput(DecoderInput input)
    {
        input.InputIds.Dispose();
        input.PositionIds?.Dispose();
    }
}
