using TorchSharp;
using static TorchSharp.torch;

namespace Tournament.Inference.Models.Hybrid;

/// <summary>The conditional-generation wrapper's <c>model.</c>: the language model under <c>language_model</c>.</summary>
internal sealed class LanguageModelWrapper : nn.Module<DecoderInput, (Tensor Hidden, List<Tensor> Layers)>, IDecoderStack
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly DecoderBody language_model;
#pragma warning restore IDE1006

    public LanguageModelWrapper(DecoderConfig config, Device device, ScalarType dtype)
        : base(nameof(LanguageModelWrapper))
    {
        language_model = new DecoderBody(config, device, dtype);
        RegisterComponents();
    }

    public Tensor EmbeddingWeight => language_model.EmbeddingWeight;

    public override (Tensor Hidden, List<Tensor> Layers) forward(DecoderInput input) => language_model.forward(input);
}
