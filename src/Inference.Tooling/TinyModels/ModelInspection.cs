using Tournament.Inference.Hashing;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>What <c>tournament models inspect</c> reports about a model folder.</summary>
/// <param name="Folder">The folder.</param>
/// <param name="Architecture">architectures[0].</param>
/// <param name="HiddenSize">hidden_size.</param>
/// <param name="Layers">num_hidden_layers.</param>
/// <param name="Heads">num_attention_heads.</param>
/// <param name="KvHeads">num_key_value_heads.</param>
/// <param name="IntermediateSize">intermediate_size.</param>
/// <param name="VocabSize">vocab_size.</param>
/// <param name="TieWordEmbeddings">tie_word_embeddings.</param>
/// <param name="ParameterCount">Elements over all tensors.</param>
/// <param name="TensorCount">Number of tensors.</param>
/// <param name="DTypes">dtype → tensor count.</param>
/// <param name="Files">Safetensors file names.</param>
/// <param name="ContentHash">See <see cref="Hashing.ContentHash"/>.</param>
/// <param name="ExactWeightsHash">See <see cref="Hashing.ExactWeightsHash"/>.</param>
/// <param name="FingerprintTensors">Tensors in the weight fingerprint.</param>
/// <param name="Fingerprint">The serialised weight fingerprint.</param>
public sealed record ModelInspection(
    string Folder,
    string Architecture,
    int HiddenSize,
    int Layers,
    int Heads,
    int KvHeads,
    int IntermediateSize,
    int VocabSize,
    bool TieWordEmbeddings,
    long ParameterCount,
    int TensorCount,
    [property: System.Text.Json.Serialization.JsonPropertyName("dtypes")] IReadOnlyDictionary<string, int> DTypes,
    IReadOnlyList<string> Files,
    string ContentHash,
    string ExactWeightsHash,
    int FingerprintTensors,
    string Fingerprint)
{
    /// <summary>Inspects a model folder (config.json plus safetensors).</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="cancellationToken">Cancels the hashing.</param>
    public static ModelInspection Inspect(string folder, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Model folder '{folder}' does not exist.");
        }

        var config = ModelConfig.Load(folder);
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        var fingerprint = WeightFingerprint.Compute(checkpoint, cancellationToken);
        return new ModelInspection(
            folder,
            config.ArchitectureClass,
            config.HiddenSize,
            config.NumHiddenLayers,
            config.NumAttentionHeads,
            config.NumKeyValueHeads,
            config.IntermediateSize,
            config.VocabSize,
            config.TieWordEmbeddings,
            checkpoint.ParameterCount,
            checkpoint.Names.Count,
            checkpoint.Tensors.GroupBy(t => t.Info.DType.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            checkpoint.Files.Select(f => Path.GetFileName(f.Path)).ToArray(),
            Hashing.ContentHash.Compute(checkpoint, cancellationToken),
            Hashing.ExactWeightsHash.Compute(folder, cancellationToken),
            fingerprint.Tensors.Count,
            fingerprint.ToString());
    }
}
