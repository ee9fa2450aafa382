using System.Text;
using CsCheck;
using Tournament.Fuzzing;
using Tournament.Inference.ModelFiles;

namespace Tournament.Inference.Tests.Fuzz;

/// <summary>Issue 16: config.json comes from miners. Generated configs round-trip through the writer; mutated ones are
/// refused with <see cref="ModelConfigException"/> and never another exception.</summary>
public sealed class ModelConfigFuzzTests
{
    private static readonly string[] Architectures = ["Qwen3ForCausalLM", "Qwen2ForCausalLM", "LlamaForCausalLM"];

    private static readonly Gen<string> Valid =
        Gen.Select(Gen.Int[0, Architectures.Length - 1], Gen.Int[1, 8], Gen.Int[1, 4], Gen.Int[1, 6], Gen.Int[1, 32].Select(h => h * 2), Gen.Int[8, 4096], Gen.Bool)
            .Select((arch, kvHeads, groups, layers, headDim, vocab, tie) =>
            {
                var heads = kvHeads * groups;
                var hidden = heads * headDim;
                return $$"""
                    {"architectures":["{{Architectures[arch]}}"],"hidden_size":{{hidden}},"intermediate_size":{{hidden * 3}},"num_hidden_layers":{{layers}},
                     "num_attention_heads":{{heads}},"num_key_value_heads":{{kvHeads}},"head_dim":{{headDim}},"vocab_size":{{vocab}},
                     "rms_norm_eps":1e-06,"rope_theta":1000000,"tie_word_embeddings":{{(tie ? "true" : "false")}},"max_position_embeddings":4096,
                     "bos_token_id":1,"eos_token_id":[2,3],"torch_dtype":"bfloat16"}
                    """;
            });

    [Fact]
    public void GeneratedConfigs_RoundTripThroughTheWriter()
    {
        new FuzzProperty("config.json/valid").Run(Valid, s => s.Length * 2, json =>
        {
            var parsed = ModelConfig.Parse(json);
            var again = ModelConfig.Parse(ModelConfigWriter.Write(parsed));
            Assert.Equal(
                (parsed.Architecture, parsed.HiddenSize, parsed.IntermediateSize, parsed.NumHiddenLayers, parsed.NumAttentionHeads, parsed.NumKeyValueHeads, parsed.HeadDim, parsed.VocabSize, parsed.TieWordEmbeddings),
                (again.Architecture, again.HiddenSize, again.IntermediateSize, again.NumHiddenLayers, again.NumAttentionHeads, again.NumKeyValueHeads, again.HeadDim, again.VocabSize, again.TieWordEmbeddings));
            Assert.Equal(parsed.EosTokenIds, again.EosTokenIds);
        }, ciIterations: 1_000);
    }

    [Fact]
    public void MutatedConfigs_AreRefusedWithModelConfigException()
    {
        var mutated = Valid.SelectMany(v => Mutations.Of(Encoding.UTF8.GetBytes(v))).Select(b => Encoding.UTF8.GetString(b));
        new FuzzProperty("config.json/mutated", typeof(ModelConfigException)).Run(mutated, s => s.Length * 2, json =>
        {
            var c = ModelConfig.Parse(json);
            Assert.True(c.HiddenSize > 0 && c.NumHiddenLayers > 0 && c.NumAttentionHeads > 0 && c.VocabSize > 0 && c.HeadDim > 0);
            Assert.Equal(0, c.NumAttentionHeads % c.NumKeyValueHeads);
        }, ciIterations: 4_000);
    }
}
