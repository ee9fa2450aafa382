namespace Tournament.Inference.Models;

/// <summary>The decoder-only architectures the runtime implements.</summary>
public enum DecoderArchitecture
{
    /// <summary><c>LlamaForCausalLM</c>: optional attention/MLP bias from config.</summary>
    Llama,

    /// <summary><c>Qwen2ForCausalLM</c>: bias on q/k/v projections.</summary>
    Qwen2,

    /// <summary><c>Qwen3ForCausalLM</c>: per-head RMSNorm on q and k before RoPE.</summary>
    Qwen3,

    /// <summary>Qwen3.5 dense: Gated DeltaNet and gated full-attention layers, SwiGLU MLP, (1 + weight) RMSNorm.</summary>
    Qwen35,

    /// <summary>Qwen3.5 MoE: as <see cref="Qwen35"/> with a sparse expert block and a gated shared expert.</summary>
    Qwen35Moe,
}
