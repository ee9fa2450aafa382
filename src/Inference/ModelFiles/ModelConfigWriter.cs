using System.Text;
using System.Text.Json;

namespace Tournament.Inference.ModelFiles;

/// <summary>Writes a <see cref="ModelConfig"/> as HF-style config.json (fixed key order, so output is deterministic).</summary>
internal static class ModelConfigWriter
{
    public static string Write(ModelConfig c)
    {
        if (c.Hybrid is not null)
        {
            return HybridConfigWriter.Write(c);
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("architectures");
            w.WriteStringValue(c.ArchitectureClass);
            w.WriteEndArray();
            w.WriteBoolean("attention_bias", c.AttentionBias);
            if (c.BosTokenId is { } bos)
            {
                w.WriteNumber("bos_token_id", bos);
            }

            WriteEos(w, c.EosTokenIds);
            w.WriteNumber("head_dim", c.HeadDim);
            w.WriteString("hidden_act", c.HiddenAct);
            w.WriteNumber("hidden_size", c.HiddenSize);
            w.WriteNumber("intermediate_size", c.IntermediateSize);
            w.WriteNumber("max_position_embeddings", c.MaxPositionEmbeddings);
            if (c.MlpBias)
            {
                w.WriteBoolean("mlp_bias", true);
            }

            w.WriteString("model_type", c.ModelType ?? ModelArchitectures.ModelType(c.Architecture));
            w.WriteNumber("num_attention_heads", c.NumAttentionHeads);
            w.WriteNumber("num_hidden_layers", c.NumHiddenLayers);
            w.WriteNumber("num_key_value_heads", c.NumKeyValueHeads);
            w.WriteNumber("rms_norm_eps", c.RmsNormEps);
            w.WriteNumber("rope_theta", c.RopeTheta);
            w.WriteBoolean("tie_word_embeddings", c.TieWordEmbeddings);
            if (c.TorchDType is { } dtype)
            {
                w.WriteString("torch_dtype", dtype);
            }

            w.WriteBoolean("use_cache", true);
            w.WriteNumber("vocab_size", c.VocabSize);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary><c>eos_token_id</c> as HF writes it: a number for one id, a list for several, absent for none.</summary>
    internal static void WriteEos(Utf8JsonWriter w, IReadOnlyList<int> eos)
    {
        if (eos.Count == 1)
        {
            w.WriteNumber("eos_token_id", eos[0]);
        }
        else if (eos.Count > 1)
        {
            w.WriteStartArray("eos_token_id");
            foreach (var id in eos)
            {
                w.WriteNumberValue(id);
            }

            w.WriteEndArray();
        }
    }
}
