namespace Tournament.Inference.ModelFiles;

/// <summary>
/// The Qwen3.5-family keys of a <c>config.json</c> (read from <c>text_config</c> when nested): the per-layer mix of
/// Gated DeltaNet (<c>linear_attention</c>) and gated full attention, the linear-attention sizes, the partial rotary
/// factor and, for MoE models, the expert sizes.
/// </summary>
public sealed record HybridConfig
{
    /// <summary>The <c>layer_types</c> value of a Gated DeltaNet layer.</summary>
    public const string LinearAttention = "linear_attention";

    /// <summary>The <c>layer_types</c> value of a gated full-attention layer.</summary>
    public const string FullAttention = "full_attention";

    /// <summary><c>layer_types</c>: one of <see cref="LinearAttention"/> or <see cref="FullAttention"/> per layer.</summary>
    public required IReadOnlyList<string> LayerTypes { get; init; }

    /// <summary><c>linear_num_key_heads</c>.</summary>
    public required int LinearNumKeyHeads { get; init; }

    /// <summary><c>linear_num_value_heads</c> (a multiple of the key heads).</summary>
    public required int LinearNumValueHeads { get; init; }

    /// <summary><c>linear_key_head_dim</c>.</summary>
    public required int LinearKeyHeadDim { get; init; }

    /// <summary><c>linear_value_head_dim</c>.</summary>
    public required int LinearValueHeadDim { get; init; }

    /// <summary><c>linear_conv_kernel_dim</c>.</summary>
    public required int LinearConvKernelDim { get; init; }

    /// <summary><c>partial_rotary_factor</c> (top level, or in <c>rope_parameters</c>); default 0.25.</summary>
    public double PartialRotaryFactor { get; init; } = 0.25;

    /// <summary><c>num_experts</c>; 0 for dense models.</summary>
    public int NumExperts { get; init; }

    /// <summary><c>num_experts_per_tok</c>; 0 for dense models.</summary>
    public int NumExpertsPerTok { get; init; }

    /// <summary><c>moe_intermediate_size</c>; 0 for dense models.</summary>
    public int MoeIntermediateSize { get; init; }

    /// <summary><c>shared_expert_intermediate_size</c>; 0 for dense models.</summary>
    public int SharedExpertIntermediateSize { get; init; }

    /// <summary>True for the MoE variant.</summary>
    public bool IsMoe => NumExperts > 0;

    /// <summary>The number of rotary dimensions of a full-attention head: <c>int(head_dim × partial_rotary_factor)</c>.</summary>
    /// <param name="headDim">The attention head dimension.</param>
    public int RotaryDim(int headDim) => (int)(headDim * PartialRotaryFactor);

    /// <summary>The layer_types HF derives when the key is absent: every <paramref name="interval"/>-th layer is full attention.</summary>
    /// <param name="layers">num_hidden_layers.</param>
    /// <param name="interval">full_attention_interval (HF default 4).</param>
    public static IReadOnlyList<string> DefaultLayerTypes(int layers, int interval = 4) =>
        [.. Enumerable.Range(0, layers).Select(i => (i + 1) % interval == 0 ? FullAttention : LinearAttention)];
}
