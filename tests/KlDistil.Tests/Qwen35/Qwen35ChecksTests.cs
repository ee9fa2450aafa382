using System.Text.Json.Nodes;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Safetensors;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.KlDistil.Tests.Regression;
using Tournament.Plugins.KlDistil.Checks;

namespace Tournament.KlDistil.Tests.Qwen35;

/// <summary>The metadata checks on Qwen3.5 folders: nested text_config, the wrapper's key prefix, the vision tower.</summary>
public sealed class Qwen35ChecksTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FolderStorage _storage = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(ModelArchitecture.Qwen35, null)]
    [InlineData(ModelArchitecture.Qwen35Moe, null)]
    [InlineData(ModelArchitecture.Qwen35, "Qwen3_5ForCausalLM")]
    [InlineData(ModelArchitecture.Qwen35Moe, "Qwen3_5MoeForCausalLM")]
    public async Task Architecture_DefaultAllowlist_AcceptsTheFamily(ModelArchitecture arch, string? className)
    {
        var folder = Models.Tiny(_temp, $"{arch}-{className}", architecture: arch);
        if (className is not null)
        {
            Models.EditConfig(folder, c => c["architectures"] = new JsonArray(className));
        }

        Assert.True((await Check(new ArchitectureCheck(new ArchitectureOptions()), folder)).IsPassed);
    }

    [Fact]
    public async Task Architecture_LookalikeClassName_IsRejected()
    {
        var folder = Models.Tiny(_temp, "lookalike", architecture: ModelArchitecture.Qwen35);
        Models.EditConfig(folder, c => c["architectures"] = new JsonArray("Qwen3_5ForConditionalGenerationX"));

        MetadataExploitTests.AssertDisqualified(await Check(new ArchitectureCheck(new ArchitectureOptions()), folder), "architecture", "Qwen3_5ForConditionalGenerationX");
    }

    [Fact]
    public async Task Vocab_TextConfigVocabAndWrappedEmbedding_Checked()
    {
        var folder = Models.Tiny(_temp, "vocab", architecture: ModelArchitecture.Qwen35Moe);
        var vocab = (int)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!["text_config"]!["vocab_size"]!.GetValue<long>();
        var check = new VocabCheck(new VocabOptions { TeacherVocabSize = vocab }, new HostEnvironment(_temp.Path, _temp.Path));
        Assert.True((await Check(check, folder)).IsPassed);

        Models.WriteSafetensors(Path.Combine(folder, "model.safetensors"), ("model.language_model.embed_tokens.weight", SafetensorsDType.F32, [vocab - 1, 4]));

        MetadataExploitTests.AssertDisqualified(await Check(check, folder), "vocab", "model.language_model.embed_tokens.weight");
    }

    [Fact]
    public async Task ParamLimit_CountsTheVisionTowerToo()
    {
        var folder = Models.Tiny(_temp, "vision", architecture: ModelArchitecture.Qwen35);
        long text;
        using (var checkpoint = SafetensorsCheckpoint.Open(folder))
        {
            text = checkpoint.Names.Sum(n => checkpoint.Get(n).Info.ElementCount);
        }

        Models.WriteSafetensors(
            Path.Combine(folder, "model-vision.safetensors"),
            ("model.visual.patch_embed.proj.weight", SafetensorsDType.BF16, [8, 3, 2, 4, 4]),
            ("model.visual.merger.linear_fc2.weight", SafetensorsDType.BF16, [16, 32]));
        var total = text + (8 * 3 * 2 * 4 * 4) + (16 * 32);

        Assert.True((await Check(new ParamLimitCheck(new ParamLimitOptions { MaxParameters = total }), folder)).IsPassed);
        MetadataExploitTests.AssertDisqualified(
            await Check(new ParamLimitCheck(new ParamLimitOptions { MaxParameters = total - 1 }), folder), "param-limit", total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<CheckOutcome> Check(IAntiCheatCheck check, string folder)
    {
        var model = _storage.Add("miner/" + Path.GetFileName(folder), folder);
        return await check.CheckAsync(await Models.ContextAsync(_storage, Models.Submission(model)), CancellationToken.None);
    }
}
