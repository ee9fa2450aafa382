using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>The local runtime's options, shared by every component that runs a submitted model (the <c>duel</c> scorer, the <c>injection-probe</c> check).</summary>
public abstract class LocalRuntimeOptions
{
    /// <summary>Local runtime tensor type: f32, bf16 or f16.</summary>
    [RegularExpression("^(f32|bf16|f16)$")]
    public string Dtype { get; set; } = "f32";

    /// <summary>Local runtime device: cpu, cuda or cuda:N.</summary>
    [Required]
    public string Device { get; set; } = "cpu";

    /// <summary>Token texts that also stop local generation (besides the model's <c>eos_token_id</c>), e.g. the end-of-turn token.</summary>
    public List<string> StopTokens { get; set; } = ["<|im_end|>", "<|endoftext|>"];

    /// <summary>These options with a caller's sampling: the duel at its temperature, the probe greedily.</summary>
    internal LocalRuntimeSettings Runtime(int maxNewTokens, double temperature, int maxPromptTokens = int.MaxValue) =>
        new(Dtype, Device, StopTokens, maxNewTokens, temperature, maxPromptTokens);
}
