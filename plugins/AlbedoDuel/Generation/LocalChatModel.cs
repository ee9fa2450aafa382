using System.Runtime.InteropServices;
using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Inference.Tokenizers;
using TemplateMessage = Tournament.Inference.ChatTemplates.ChatMessage;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>How a caller runs the local runtime: the duel samples at its temperature (1.0), the probes greedily (0).</summary>
/// <param name="Dtype">Tensor type: f32, bf16 or f16.</param>
/// <param name="Device">cpu, cuda or cuda:N.</param>
/// <param name="StopTokens">Token texts that stop generation besides the model's <c>eos_token_id</c>.</param>
/// <param name="MaxNewTokens">Most new tokens per reply.</param>
/// <param name="Temperature">Sampling temperature; 0 is greedy.</param>
/// <param name="MaxPromptTokens">Longest rendered prompt; longer prompts keep their last tokens.</param>
internal sealed record LocalRuntimeSettings(string Dtype, string Device, IReadOnlyList<string> StopTokens, int MaxNewTokens, double Temperature, int MaxPromptTokens = int.MaxValue);

/// <summary>
/// A submitted model on the project's runtime, as every local evaluation of the plugin uses it (the duel's replies,
/// the injection probes' answers): the model and its tokenizer from the verified snapshot, prompts rendered with the
/// canonical chat template (never the miner's), one batch at a time through <see cref="TextGenerator.GenerateBatch"/>
/// with one sampler seed per row.
/// </summary>
internal sealed class LocalChatModel : IDisposable
{
    private readonly DecoderModel _model;
    private readonly HfTokenizer _tokenizer;
    private readonly ChatTemplate _template;
    private readonly LocalRuntimeSettings _settings;
    private readonly GenerationOptions _generation;

    private LocalChatModel(DecoderModel model, HfTokenizer tokenizer, ChatTemplate template, LocalRuntimeSettings settings)
    {
        _model = model;
        _tokenizer = tokenizer;
        _template = template;
        _settings = settings;
        var stops = settings.StopTokens.Select(tokenizer.TokenToId).OfType<int>().Select(i => (long)i).Concat(model.Config.EosTokenIds).Distinct().ToList();
        _generation = new GenerationOptions { MaxNewTokens = settings.MaxNewTokens, Temperature = settings.Temperature, TopLogProbs = 0, EosTokenIds = stops };
    }

    /// <summary>Loads the tokenizer and the model of a snapshot folder; files that do not load throw what <see cref="IsLoadFailure"/> names.</summary>
    public static LocalChatModel Load(string folder, ChatTemplate template, LocalRuntimeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(settings);
        var tokenizer = HfTokenizer.Load(folder);
        var model = DecoderModel.FromPretrained(folder, settings.Dtype, settings.Device);
        try
        {
            return new LocalChatModel(model, tokenizer, template, settings);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The exceptions by which a snapshot's files fail to load (the files' fault, not the host's).</summary>
    public static bool IsLoadFailure(Exception ex) =>
        ex is IOException or FormatException or InvalidDataException or ArgumentException or NotSupportedException
            or Inference.Safetensors.CheckpointException or TokenizerFormatException;

    /// <summary>The exceptions by which rendering or a batch fails on a loaded model.</summary>
    public static bool IsGenerationFailure(Exception ex) =>
        ex is ArgumentException or InvalidOperationException or ChatTemplateException or ExternalException;

    /// <summary>A conversation rendered with the canonical template (generation prompt on), encoded with the model's tokenizer, left-truncated.</summary>
    public long[] Render(IReadOnlyList<Abstractions.ChatMessage> messages) => Render(_template, _tokenizer, messages, _settings.MaxPromptTokens);

    /// <summary>The rendering of <see cref="Render(IReadOnlyList{Abstractions.ChatMessage})"/> with any template and tokenizer.</summary>
    internal static long[] Render(ChatTemplate template, HfTokenizer tokenizer, IReadOnlyList<Abstractions.ChatMessage> messages, int maxPromptTokens = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(messages);
        var ids = template.Encode(tokenizer, [.. messages.Select(m => new TemplateMessage(m.Role, m.Content))], addGenerationPrompt: true);
        var keep = Math.Min(ids.Count, maxPromptTokens);
        return [.. ids.Skip(ids.Count - keep).Select(i => (long)i)];
    }

    /// <summary>One batch; every result carries its decoded <see cref="GenerationResult.Text"/>.</summary>
    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken) =>
        [.. TextGenerator.GenerateBatch(_model, requests, _generation, Decode, cancellationToken).Select(r => r.Text is null ? r with { Text = Decode(r.Ids) } : r)];

    public void Dispose() => _model.Dispose();

    private string Decode(IReadOnlyList<long> ids) => _tokenizer.Decode(ids.Select(i => (int)i).Where(i => _tokenizer.IdToToken(i) is not null));
}
