using Tournament.Inference.ModelFiles;

namespace Tournament.Inference.Models;

/// <summary>The hyperparameters a decoder needs, as named in HF <c>config.json</c>.</summary>
public sealed record DecoderConfig
{
    /// <summary>The architecture.</summary>
    public required DecoderArchitecture Architecture { get; init; }

    /// <summary><c>vocab_size</c>.</summary>
    public required int VocabSize { get; init; }

    /// <summary><c>hidden_size</c>.</summary>
    public required int HiddenSize { get; init; }

    /// <summary><c>intermediate_size</c>.</summary>
    public required int IntermediateSize { get; init; }

    /// <summary><c>num_hidden_layers</c>.</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary><c>num_attention_heads</c>.</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary><c>num_key_value_heads</c> (defaults to the attention head count).</summary>
    public required int NumKeyValueHeads { get; init; }

    /// <summary><c>head_dim</c> (defaults to hidden size / heads).</summary>
    public required int HeadDim { get; init; }

    /// <summary><c>rms_norm_eps</c>.</summary>
    public double RmsNormEps { get; init; } = 1e-6;

    /// <summary><c>rope_theta</c>.</summary>
    public double RopeTheta { get; init; } = 10000.0;

    /// <summary><c>tie_word_embeddings</c>: the output head reuses the embedding matrix.</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary><c>attention_bias</c> (Llama, Qwen3; Qwen2 always has q/k/v bias).</summary>
    public bool AttentionBias { get; init; }

    /// <summary><c>mlp_bias</c> (Llama).</summary>
    public bool MlpBias { get; init; }

    /// <summary><c>eos_token_id</c> (one or several).</summary>
    public IReadOnlyList<long> EosTokenIds { get; init; } = [];

    /// <summary>The Qwen3.5-family settings (layer types, linear attention, experts); required for those architectures.</summary>
    public HybridConfig? Hybrid { get; init; }

    /// <summary>
    /// True when the language model sits inside the conditional-generation wrapper (<c>model.language_model.*</c>);
    /// false for the plain causal-LM layout (<c>model.*</c>).
    /// </summary>
    public bool WrappedLayout { get; init; }

    /// <summary>True for the Qwen3.5 hybrid architectures.</summary>
    public bool IsHybrid => Architecture is DecoderArchitecture.Qwen35 or DecoderArchitecture.Qwen35Moe;

    /// <summary>The decoder view of a validated <c>config.json</c> (top level or nested <c>text_config</c>).</summary>
    /// <param name="config">The model configuration.</param>
    /// <exception cref="ModelConfigException">The config asks for something the decoder cannot run (hidden_act).</exception>
    public static DecoderConfig From(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.HiddenAct != "silu")
        {
            throw new ModelConfigException("config.json", "hidden_act", $"'{config.HiddenAct}' is not supported; only 'silu' is.");
        }

        var result = new DecoderConfig
        {
            Architecture = config.Architecture switch
            {
                ModelArchitecture.Llama => DecoderArchitecture.Llama,
                ModelArchitecture.Qwen2 => DecoderArchitecture.Qwen2,
                ModelArchitecture.Qwen3 => DecoderArchitecture.Qwen3,
                ModelArchitecture.Qwen35 => DecoderArchitecture.Qwen35,
                ModelArchitecture.Qwen35Moe => DecoderArchitecture.Qwen35Moe,
                _ => throw new ModelConfigException("config.json", "architectures", $"{config.ArchitectureClass} has no decoder implementation."),
            },
            VocabSize = config.VocabSize,
            HiddenSize = config.HiddenSize,
            IntermediateSize = config.IntermediateSize,
            NumHiddenLayers = config.NumHiddenLayers,
            NumAttentionHeads = config.NumAttentionHeads,
            NumKeyValueHeads = config.NumKeyValueHeads,
            HeadDim = config.HeadDim,
            RmsNormEps = config.RmsNormEps,
            RopeTheta = config.RopeTheta,
            TieWordEmbeddings = config.TieWordEmbeddings,
            AttentionBias = config.AttentionBias,
            MlpBias = config.MlpBias,
            EosTokenIds = [.. config.EosTokenIds.Select(id => (long)id)],
            Hybrid = config.Hybrid,
            WrappedLayout = config.ArchitectureClass.EndsWith("ForConditionalGeneration", StringComparison.Ordinal),
        };
        result.Validate();
        return result;
    }

    /// <summary>Checks the numbers agree with each other.</summary>
    /// <exception cref="InvalidDataException">One sentence naming the offending key.</exception>
    public void Validate()
    {
        Positive(VocabSize, "vocab_size");
        Positive(HiddenSize, "hidden_size");
        Positive(IntermediateSize, "intermediate_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(NumKeyValueHeads, "num_key_value_heads");
        Positive(HeadDim, "head_dim");
        if (NumAttentionHeads % NumKeyValueHeads != 0)
        {
            throw new InvalidDataException($"config.json: num_attention_heads ({NumAttentionHeads}) must be a multiple of num_key_value_heads ({NumKeyValueHeads}).");
        }

        if (HeadDim % 2 != 0)
        {
            throw new InvalidDataException($"config.json: head_dim ({HeadDim}) must be even for rotary embeddings.");
        }

        if (!(RmsNormEps > 0) || !(RopeTheta > 0))
        {
            throw new InvalidDataException("config.json: rms_norm_eps and rope_theta must be positive.");
        }

        if (IsHybrid)
        {
            HybridValidation.Validate(this);
        }
    }

    internal static void Positive(int value, string key)
    {
        if (value <= 0)
        {
            throw new InvalidDataException($"config.json: {key} must be a positive integer (got {value}).");
        }
    }
}
