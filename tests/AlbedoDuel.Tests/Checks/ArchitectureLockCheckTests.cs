using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Checks;

namespace Tournament.AlbedoDuel.Tests.Checks;

public sealed class ArchitectureLockCheckTests : IDisposable
{
    private static readonly SubmissionKey King = new("hk-king", 100);
    private readonly CheckRig _rig = new();

    public void Dispose() => _rig.Dispose();

    private ArchitectureLockCheck Check(string? reference = null) =>
        new(new ArchitectureLockOptions { ReferenceConfig = reference }, new HostEnvironment(_rig.Temp.Path, _rig.Temp.Path));

    [Fact]
    public async Task ChallengerWithMoreLayers_ThanTheKing_IsRejectedNamingTheKey()
    {
        var check = Check();
        var king = await _rig.ContextAsync(_rig.Model("king"), "hk-king", 100, King);
        Assert.True((await check.CheckAsync(king, default)).IsPassed);
        var deeper = await _rig.ContextAsync(_rig.Model("deeper", layers: 3), king: King);

        var outcome = Assert.IsType<Disqualified>((await check.CheckAsync(deeper, default)).Value);

        Assert.Equal(ArchitectureLockCheck.Name, outcome.ReasonCode);
        Assert.Equal("The architecture differs from the king's (hk-king:100): num_hidden_layers 3 (locked: 2); keep the locked architecture.", outcome.Message);
    }

    [Fact]
    public async Task SameArchitecture_DifferentWeightsAndNumberSpelling_Passes_AndIsRecorded()
    {
        var check = Check();
        await check.CheckAsync(await _rig.ContextAsync(_rig.Model("king"), "hk-king", 100, King), default);
        var same = _rig.Model("same", seed: 9);
        var config = Path.Combine(same, "config.json");
        var text = File.ReadAllText(config);
        var theta = System.Text.RegularExpressions.Regex.Match(text, "\"rope_theta\":\\s*([0-9.eE+-]+)");
        Assert.True(theta.Success, text);
        File.WriteAllText(config, text.Replace(theta.Value, "\"rope_theta\": " + double.Parse(theta.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ToString("E3", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var outcome = await check.CheckAsync(await _rig.ContextAsync(same, king: King), default);

        Assert.True(outcome.IsPassed, outcome.ToString());
        Assert.Equal(2, _rig.Ledger.Find(ArchitectureLockCheck.Kind).Count);
    }

    [Fact]
    public async Task KingWithoutRecord_NoReference_Defers_WithReference_Compares()
    {
        var reference = _rig.Model("reference");
        var other = _rig.Model("other", layers: 3);

        var deferred = await Check().CheckAsync(await _rig.ContextAsync(other, king: King), default);
        var compared = await Check(Path.Combine(reference, "config.json")).CheckAsync(await _rig.ContextAsync(other, king: King), default);

        Assert.True(deferred.IsDeferred);
        Assert.StartsWith("The architecture differs from the reference config's: num_hidden_layers", Assert.IsType<Disqualified>(compared.Value).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingOrBrokenConfig_IsRejected_BadReference_FailsAtStartup()
    {
        var none = _rig.Model("none");
        File.Delete(Path.Combine(none, "config.json"));
        var broken = _rig.Model("broken");
        File.WriteAllText(Path.Combine(broken, "config.json"), "{\"architectures\": [");

        var missing = await Check().CheckAsync(await _rig.ContextAsync(none), default);
        var invalid = await Check().CheckAsync(await _rig.ContextAsync(broken), default);
        var startup = Assert.Throws<InvalidOperationException>(() => Check("nope/config.json"));

        Assert.Equal(ArchitectureLockCheck.Name, Assert.IsType<Disqualified>(missing.Value).ReasonCode);
        Assert.Contains("is not valid JSON", Assert.IsType<Disqualified>(invalid.Value).Message, StringComparison.Ordinal);
        Assert.StartsWith("Components:architecture-lock:ReferenceConfig", startup.Message, StringComparison.Ordinal);
    }
}
