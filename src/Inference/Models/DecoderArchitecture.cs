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
}
