using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>What to generate. Sizes are validated through <see cref="ModelConfig"/> parsing.</summary>
public sealed record TinyModelSpec
{
    /// <summary>The architecture family.</summary>
    public ModelArchitecture Architecture { get; init; } = ModelArchitecture.Qwen3;

    /// <summary>hidden_size.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>num_hidden_layers.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>num_attention_heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>num_key_value_heads.</summary>
    public int KvHeads { get; init; } = 2;

    /// <summary>intermediate_size.</summary>
    public int IntermediateSize { get; init; } = 128;

    /// <summary>vocab_size; null means the tokenizer's size (highest id + 1).</summary>
    public int? VocabSize { get; init; }

    /// <summary>A folder with tokenizer.json (and optionally tokenizer_config.json) to copy; null generates a small byte-level BPE tokenizer.</summary>
    public string? TokenizerFolder { get; init; }

    /// <summary>Weight dtype: F32, BF16 or F16.</summary>
    public SafetensorsDType DType { get; init; } = SafetensorsDType.F32;

    /// <summary>The PRNG seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>tie_word_embeddings (no lm_head.weight when true).</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>The standard deviation of weight initialisation (HF's initializer_range).</summary>
    public double InitStd { get; init; } = 0.02;
}
