using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>Text and JSON renderings of a <see cref="ModelInspection"/>.</summary>
public static class ModelInspectionFormat
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Indented snake_case JSON.</summary>
    /// <param name="inspection">The inspection.</param>
    public static string ToJson(ModelInspection inspection) => JsonSerializer.Serialize(inspection, Json);

    /// <summary>Human-readable lines (the fingerprint abbreviated).</summary>
    /// <param name="i">The inspection.</param>
    public static string ToText(ModelInspection i)
    {
        ArgumentNullException.ThrowIfNull(i);
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"folder:        {i.Folder}");
        s.AppendLine(c, $"architecture:  {i.Architecture} (hidden {i.HiddenSize}, layers {i.Layers}, heads {i.Heads}/{i.KvHeads} kv, intermediate {i.IntermediateSize}, vocab {i.VocabSize}, tied {i.TieWordEmbeddings.ToString().ToLowerInvariant()})");
        s.AppendLine(c, $"parameters:    {i.ParameterCount:N0} in {i.TensorCount} tensors");
        s.AppendLine(c, $"dtypes:        {string.Join(", ", i.DTypes.Select(d => $"{d.Key} ×{d.Value}"))}");
        s.AppendLine(c, $"files:         {string.Join(", ", i.Files)}");
        s.AppendLine(c, $"content hash:  {i.ContentHash}");
        s.AppendLine(c, $"weights hash:  {i.ExactWeightsHash}");
        var fp = i.Fingerprint.Length <= 48 ? i.Fingerprint : i.Fingerprint[..48] + "…";
        s.AppendLine(c, $"fingerprint:   {i.FingerprintTensors} tensors, {fp} ({i.Fingerprint.Length} chars)");
        return s.ToString();
    }
}
