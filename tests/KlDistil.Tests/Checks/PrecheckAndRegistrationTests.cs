using System.Reflection;
using Tournament.Abstractions;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.Plugins.KlDistil.Checks;

namespace Tournament.KlDistil.Tests.Checks;

public sealed class PrecheckAndRegistrationTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FolderStorage _storage = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task EveryCheck_CleanTinyModel_Passes()
    {
        Models.Tiny(_temp, "teacher");
        var model = _storage.Add("miner/clean", Models.Tiny(_temp, "clean", seed: 5));
        var metadata = await Models.ContextAsync(_storage, Models.Submission(model));
        var content = await Models.ContextAsync(_storage, Models.Submission(model), withSnapshot: true);
        foreach (var (name, check) in AllChecks())
        {
            var outcome = await check.CheckAsync(check.Stage == CheckStage.Metadata ? metadata : content, CancellationToken.None);
            Assert.True(outcome.IsPassed, $"{name}: {outcome}");
        }
    }

    [Fact]
    public async Task SafetensorsOnly_DecoyBinWeights_Disqualifies()
    {
        Models.Tiny(_temp, "teacher");
        var folder = Models.Tiny(_temp, "decoy", seed: 5);
        await File.WriteAllBytesAsync(Path.Combine(folder, "pytorch_model.bin"), new byte[64]);
        var model = _storage.Add("miner/decoy", folder);
        var outcome = await new SafetensorsOnlyCheck().CheckAsync(await Models.ContextAsync(_storage, Models.Submission(model)), CancellationToken.None);
        Assert.Equal("safetensors-only", outcome.AsT1.ReasonCode);
        Assert.Equal(CheckStage.Metadata, new SafetensorsOnlyCheck().Stage);
    }

    [Fact]
    public async Task NoRemoteCode_OversizedConfig_IsRejectedWithoutReadingIt()
    {
        var folder = Models.Tiny(_temp, "big");
        await File.WriteAllTextAsync(Path.Combine(folder, "generation_config.json"), "{\"x\":\"" + new string('a', 5 * 1024 * 1024) + "\"}");
        var model = _storage.Add("miner/big", folder);
        var outcome = await new NoRemoteCodeCheck().CheckAsync(await Models.ContextAsync(_storage, Models.Submission(model)), CancellationToken.None);
        Assert.Equal("no-remote-code", outcome.AsT1.ReasonCode);
        Assert.Contains("generation_config.json", outcome.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Components_AreRegisteredUnderTheSpecNames()
    {
        var names = typeof(NoRemoteCodeCheck).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<ComponentAttribute>()?.Name)
            .OfType<string>()
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["architecture", "climbmix", "content-hash-dedup", "ema-winner-take-all", "functional-copy", "header-integrity", "integrity", "kl-divergence", "no-quantization", "no-remote-code", "paired-t-test", "param-limit", "safetensors-only", "tokenizer-match", "vocab"],
            names);
    }

    [Fact]
    public void Checks_HaveTheSpecStages()
    {
        Models.Tiny(_temp, "teacher");
        var stages = AllChecks().ToDictionary(c => c.Name, c => c.Check.Stage);
        Assert.Equal(CheckStage.Content, stages["tokenizer-match"]);
        Assert.Equal(CheckStage.Content, stages["content-hash-dedup"]);
        Assert.All(stages.Where(s => s.Key is not ("tokenizer-match" or "content-hash-dedup")), s => Assert.Equal(CheckStage.Metadata, s.Value));
    }

    [Fact]
    public void Options_OutOfRangeNumbers_FailValidation()
    {
        object[] options =
        [
            new ParamLimitOptions { MaxParameters = 0 },
            new VocabOptions { TeacherVocabSize = -1 },
            new Tournament.Plugins.KlDistil.KingRules.EmaWinnerTakeAllOptions { Alpha = 0 },
            new Tournament.Plugins.KlDistil.KingRules.EmaWinnerTakeAllOptions { MaxEma = -1 },
            new Tournament.Plugins.KlDistil.KingRules.PairedTTestOptions { PValue = 0.9 },
            new Tournament.Plugins.KlDistil.KingRules.PairedTTestOptions { MinPairedPrompts = 1 },
            new Tournament.Plugins.KlDistil.KingRules.PairedTTestOptions { MinImprovement = 1.5 },
            new TokenizerMatchOptions { TeacherTokenizerPath = "" },
        ];
        foreach (var o in options)
        {
            Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o, new(o), [], validateAllProperties: true), o.GetType().Name);
        }

        var vocab = new VocabOptions();
        Assert.NotEmpty(vocab.Validate(new(vocab)));
    }

    private List<(string Name, IAntiCheatCheck Check)> AllChecks()
    {
        var env = new HostEnvironment(_temp.Path, _temp.Path);
        return
        [
            ("safetensors-only", new SafetensorsOnlyCheck()),
            ("no-remote-code", new NoRemoteCodeCheck()),
            ("no-quantization", new NoQuantizationCheck()),
            ("header-integrity", new HeaderIntegrityCheck(new HeaderIntegrityOptions())),
            ("param-limit", new ParamLimitCheck(new ParamLimitOptions())),
            ("vocab", new VocabCheck(new VocabOptions { TeacherPath = "teacher" }, env)),
            ("architecture", new ArchitectureCheck(new ArchitectureOptions())),
            ("integrity", new IntegrityCheck()),
            ("tokenizer-match", new TokenizerMatchCheck(new TokenizerMatchOptions { TeacherTokenizerPath = "teacher" }, env)),
            ("content-hash-dedup", new ContentHashDedupCheck()),
        ];
    }
}
