using System.Text.Json.Nodes;
using Tournament.Abstractions;
using Tournament.Inference.Models;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.Plugins.KlDistil.Checks;

namespace Tournament.KlDistil.Tests.Checks;

/// <summary>
/// Issue 16, item 2: a config the loader refuses is refused by the <c>architecture</c> check (a Metadata check, so by
/// check-model too) with the round's reason code, through the loader's own validation (<see cref="CheckpointLayout"/>).
/// Each case is tried both ways: the check disqualifies exactly when <see cref="DecoderModel.FromPretrained(string, string, string)"/> throws.
/// </summary>
public sealed class LoadableConfigTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FolderStorage _storage = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string, string> RefusedConfigs => new()
    {
        { "LayerCountOfABillion", "num_hidden_layers", "1000000000" },
        { "NegativeHiddenSize", "hidden_size", "-64" },
        { "FractionalHiddenSize", "hidden_size", "64.5" },
        { "ZeroAttentionHeads", "num_attention_heads", "0" },
        { "ZeroKeyValueHeads", "num_key_value_heads", "0" },
        { "LayerCountDiffersFromTensors", "num_hidden_layers", "3" },
        { "HiddenSizeDiffersFromTensors", "hidden_size", "128" },
        { "UnsupportedActivation", "hidden_act", "\"gelu\"" },
    };

    [Theory]
    [MemberData(nameof(RefusedConfigs))]
    public async Task ConfigTheLoaderRefuses_IsLoadFailedAtMetadataStage(string name, string key, string value)
    {
        var folder = Models.Tiny(_temp, name);
        Models.EditConfig(folder, c => c[key] = JsonNode.Parse(value));

        var outcome = await Check(folder);

        Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(folder).Dispose());
        Assert.True(outcome.IsDisqualified, outcome.ToString());
        Assert.Equal(ReasonCodes.LoadFailed, outcome.AsT1.ReasonCode);
        Assert.Contains(key == "hidden_act" ? "hidden_act" : "config.json", outcome.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingLayerTensor_IsLoadFailedWithTheLoadersSentence()
    {
        var folder = Models.Tiny(_temp, "missing-tensor");
        var path = Path.Combine(folder, "model.safetensors");
        (string, SafetensorsDType, long[])[] kept;
        using (var checkpoint = Inference.Safetensors.SafetensorsCheckpoint.Open(folder))
        {
            kept = [.. checkpoint.Tensors.Where(t => t.Name != "model.layers.0.mlp.up_proj.weight").Select(t => (t.Name, t.Info.DType, t.Info.Shape.ToArray()))];
        }

        Models.WriteSafetensors(path + ".new", kept);
        File.Move(path + ".new", path, overwrite: true);
        var loader = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(folder).Dispose());
        var outcome = await Check(folder);

        Assert.Equal(ReasonCodes.LoadFailed, outcome.AsT1.ReasonCode);
        Assert.Contains("is missing tensor 'model.layers.0.mlp.up_proj.weight'", loader.Message, StringComparison.Ordinal);
        Assert.Contains("is missing tensor 'model.layers.0.mlp.up_proj.weight'", outcome.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratedModel_PassesAndLoads()
    {
        var folder = Models.Tiny(_temp, "ok");

        Assert.True((await Check(folder)).IsPassed);
        DecoderModel.FromPretrained(folder).Dispose();
    }

    private async Task<CheckOutcome> Check(string folder)
    {
        var model = _storage.Add("miner/" + Path.GetFileName(folder), folder);
        return await new ArchitectureCheck(new ArchitectureOptions()).CheckAsync(await Models.ContextAsync(_storage, Models.Submission(model)), CancellationToken.None);
    }
}
