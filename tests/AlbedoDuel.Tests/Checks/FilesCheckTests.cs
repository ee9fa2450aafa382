using System.ComponentModel.DataAnnotations;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.Plugins.AlbedoDuel.Checks;

namespace Tournament.AlbedoDuel.Tests.Checks;

public sealed class FilesCheckTests : IDisposable
{
    private readonly CheckRig _rig = new();
    private readonly FilesCheck _check = new(new FilesOptions());

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task Regression05_AutoMapRemoteCodeInTokenizerConfig_IsRejected_NeverExecuted()
    {
        var folder = _rig.Model("automap");
        CheckRig.Edit(folder, "tokenizer_config.json", c => c["auto_map"] = new System.Text.Json.Nodes.JsonObject { ["AutoTokenizer"] = "tokenization_evil.EvilTokenizer" });

        var outcome = await CheckAsync(folder);

        var disqualified = Assert.IsType<Disqualified>(outcome.Value);
        Assert.Equal((FilesCheck.RemoteCode, "tokenizer_config.json has an auto_map (remote code); remove it, custom code is never executed."), (disqualified.ReasonCode, disqualified.Message));
        Assert.Equal(0, _rig.Storage.FetchCount); // metadata reads only: nothing downloaded, nothing loaded
    }

    [Fact]
    public async Task PythonFile_IsRejectedBeforeAnyRead()
    {
        var folder = _rig.Model("python");
        File.WriteAllText(Path.Combine(folder, "modeling_evil.py"), "open('executed.txt', 'w').write('pwned')");

        var outcome = await CheckAsync(folder);

        Assert.Equal(FilesCheck.RemoteCode, Assert.IsType<Disqualified>(outcome.Value).ReasonCode);
        Assert.Contains("modeling_evil.py", Assert.IsType<Disqualified>(outcome.Value).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CleanBf16Model_Passes_AndResharded_Passes()
    {
        var folder = _rig.Model("clean");
        var sharded = _rig.Temp.Combine("sharded");
        ModelDerivation.Reshard(folder, sharded, 3);

        Assert.True((await CheckAsync(folder)).IsPassed);
        Assert.True((await CheckAsync(sharded)).IsPassed);
    }

    [Fact]
    public async Task Float32Tensors_AreRejectedFromTheHeaders()
    {
        var folder = _rig.Model("f32", dtype: SafetensorsDType.F32);

        var outcome = await CheckAsync(folder);

        var disqualified = Assert.IsType<Disqualified>(outcome.Value);
        Assert.Equal(FilesCheck.DType, disqualified.ReasonCode);
        Assert.EndsWith("is F32; only F16/BF16 weights are allowed.", disqualified.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuantizationConfig_IsRejected()
    {
        var folder = _rig.Model("quant");
        CheckRig.Edit(folder, "config.json", c => c["quantization_config"] = new System.Text.Json.Nodes.JsonObject { ["quant_method"] = "gptq" });

        var outcome = await CheckAsync(folder);

        Assert.Equal(FilesCheck.DType, Assert.IsType<Disqualified>(outcome.Value).ReasonCode);
    }

    [Fact]
    public async Task ShardIndex_MustReferenceExactlyTheShardsPresent()
    {
        var sharded = _rig.Temp.Combine("sharded");
        ModelDerivation.Reshard(_rig.Model("base"), sharded, 2);
        var extra = _rig.Temp.Combine("extra");
        ModelDerivation.CopyFolder(sharded, extra);
        File.Copy(Path.Combine(sharded, "model-00001-of-00002.safetensors"), Path.Combine(extra, "stray.safetensors"));
        var missing = _rig.Temp.Combine("missing");
        ModelDerivation.CopyFolder(sharded, missing);
        File.Delete(Path.Combine(missing, "model-00002-of-00002.safetensors"));
        var noIndex = _rig.Temp.Combine("noindex");
        ModelDerivation.CopyFolder(sharded, noIndex);
        File.Delete(Path.Combine(noIndex, "model.safetensors.index.json"));

        var unreferenced = Assert.IsType<Disqualified>((await CheckAsync(extra)).Value);
        var absent = Assert.IsType<Disqualified>((await CheckAsync(missing)).Value);
        var withoutIndex = Assert.IsType<Disqualified>((await CheckAsync(noIndex)).Value);

        Assert.Contains("not referenced: stray.safetensors", unreferenced.Message, StringComparison.Ordinal);
        Assert.Contains("missing: model-00002-of-00002.safetensors", absent.Message, StringComparison.Ordinal);
        Assert.Contains("no model.safetensors.index.json", withoutIndex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedShardIndex_IsRejectedInOneSentence()
    {
        var sharded = _rig.Temp.Combine("sharded");
        ModelDerivation.Reshard(_rig.Model("base"), sharded, 2);
        File.WriteAllText(Path.Combine(sharded, "model.safetensors.index.json"), "{\"weight_map\": {\"a\": \"../../etc/passwd.safetensors\"}}");

        var outcome = Assert.IsType<Disqualified>((await CheckAsync(sharded)).Value);

        Assert.Equal(FilesCheck.Name, outcome.ReasonCode);
        Assert.Contains("is not a plain *.safetensors file name", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisallowedFile_TooManyFiles_TooLarge_AreRejected()
    {
        var pickle = _rig.Model("pickle");
        File.WriteAllBytes(Path.Combine(pickle, "pytorch_model.bin"), [1, 2, 3]);
        var clean = _rig.Model("clean");

        var stray = Assert.IsType<Disqualified>((await CheckAsync(pickle)).Value);
        var many = Assert.IsType<Disqualified>((await new FilesCheck(new FilesOptions { MaxFiles = 2 }).CheckAsync(await _rig.ContextAsync(clean), default)).Value);
        var large = Assert.IsType<Disqualified>((await new FilesCheck(new FilesOptions { MaxFileBytes = 1024, MaxTotalBytes = 1 << 20 }).CheckAsync(await _rig.ContextAsync(clean), default)).Value);

        Assert.StartsWith("pytorch_model.bin is not an allowed model file", stray.Message, StringComparison.Ordinal);
        Assert.StartsWith("The model has ", many.Message, StringComparison.Ordinal);
        Assert.Contains("a file may hold at most 1024", large.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_PythonExtensionOrBadBounds_FailValidation()
    {
        var options = new FilesOptions { MaxFileBytes = 10, MaxTotalBytes = 5 };
        options.AllowedExtensions.Add(".py");
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.ErrorMessage!.Contains("Python", StringComparison.Ordinal));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("MaxFileBytes", StringComparison.Ordinal));
    }

    private async Task<CheckOutcome> CheckAsync(string folder) => await _check.CheckAsync(await _rig.ContextAsync(folder), CancellationToken.None);
}
