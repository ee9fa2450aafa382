using Tournament.Inference.Models;
using static TorchSharp.torch;

namespace Tournament.Inference.Generation;

/// <summary>One sequence being generated: its own sampler generator, its tokens, its stop checks.</summary>
internal sealed class RowState : IDisposable
{
    private readonly GenerationOptions options;
    private readonly HashSet<long> stopIds;
    private readonly int topK;
    private readonly Func<IReadOnlyList<long>, string>? decode;
    private readonly Generator generator;
    private readonly List<long> ids = [];
    private readonly List<TopLogProbs> tops = [];
    private readonly int promptTokens;
    private StopReason reason = StopReason.MaxNewTokens;

    public RowState(int promptTokens, GenerationOptions options, DecoderModel model, Func<IReadOnlyList<long>, string>? decode, ulong seed)
    {
        this.promptTokens = promptTokens;
        this.options = options;
        this.decode = decode;
        stopIds = [.. options.EosTokenIds ?? model.Config.EosTokenIds];
        topK = (int)Math.Min(options.TopLogProbs, model.Config.VocabSize);
        generator = TokenSampler.NewGenerator(seed, model.Device);
    }

    public bool Done { get; private set; }

    /// <summary>The row's last token.</summary>
    public long Last => ids[^1];

    /// <summary>Chooses the next token from this row's float32 logits ([rows, vocab], row <paramref name="row"/>).</summary>
    public long Step(Tensor logits, int row)
    {
        var next = TokenSampler.Choose(logits[row], options, generator);
        if (topK > 0)
        {
            tops.Add(TokenSampler.Top(logits.narrow(0, row, 1), topK)[0]);
        }

        ids.Add(next);
        if (stopIds.Contains(next))
        {
            (Done, reason) = (true, StopReason.Eos);
        }
        else if (StopStringSearch.EndsInStop(ids, options.StopStrings, decode))
        {
            (Done, reason) = (true, StopReason.StopString);
        }
        else if (ids.Count >= options.MaxNewTokens)
        {
            Done = true;
        }

        return next;
    }

    public GenerationResult Finish()
    {
        generator.Dispose();
        string? text = null;
        if (decode is not null)
        {
            text = decode(reason == StopReason.Eos ? ids.GetRange(0, ids.Count - 1) : ids);
            text = StopStringSearch.CutAtStop(text, options.StopStrings);
        }

        return new GenerationResult(ids, tops, reason) { Text = text, PromptTokens = promptTokens };
    }

    public void Dispose() => generator.Dispose();
}
