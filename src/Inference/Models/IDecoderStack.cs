namespace Tournament.Inference.Models;

/// <summary>The part of a causal LM under <c>model.</c> (embeddings, layers, final norm), whatever its layout.</summary>
internal interface IDecoderStack
{
    /// <summary>The token embedding matrix [vocab, hidden] (also the output head when embeddings are tied).</summary>
    TorchSharp.torch.Tensor EmbeddingWeight { get; }
}
