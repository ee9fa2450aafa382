using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.Plugins.AlbedoDuel.Checks;
using Fingerprint = Tournament.Inference.Hashing.WeightFingerprint;

namespace Tournament.AlbedoDuel.Tests.Checks;

public sealed class WeightFingerprintCheckTests : IDisposable
{
    private readonly CheckRig _rig = new();
    private readonly WeightFingerprintCheck _check = new(new WeightFingerprintOptions());

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task Regression07_RenamedShardExactCopy_SameWeightsHash_IsDuplicate()
    {
        var original = _rig.Model("original", dtype: SafetensorsDType.F32);
        var renamed = _rig.Temp.Combine("renamed");
        ModelDerivation.Rename(original, renamed);

        var first = await CheckAsync(original, "hk-original", 100);
        var copy = await CheckAsync(renamed, "hk-copier", 200);

        Assert.True(first.IsPassed, first.ToString());
        var disqualified = Assert.IsType<Disqualified>(copy.Value);
        Assert.Equal(ReasonCodes.Copy, disqualified.ReasonCode);
        var expected = IndependentWeightsHash(original);
        Assert.Equal($"The weights are byte-identical ({expected}) to hk-original:100, committed earlier; submit your own model.", disqualified.Message);
        Assert.Equal(expected, IndependentWeightsHash(renamed));
    }

    [Fact]
    public async Task Regression08_MinersSecondModel_IsNotFlaggedAsDuplicateOfOwnFirst()
    {
        var first = _rig.Model("first", dtype: SafetensorsDType.F32);
        var second = _rig.Temp.Combine("second");
        ModelDerivation.Rename(first, second);

        Assert.True((await CheckAsync(first, "hk-miner", 100)).IsPassed);
        var again = await CheckAsync(second, "hk-miner", 300);

        Assert.True(again.IsPassed, again.ToString());
    }

    [Fact]
    public async Task NearCopy_MatchesTheFingerprint_UnrelatedModel_Passes()
    {
        var original = _rig.Model("original", dtype: SafetensorsDType.F32);
        var noisy = _rig.Temp.Combine("noisy");
        ModelDerivation.AddNoise(original, noisy, 1e-6, seed: 7);
        var unrelated = _rig.Model("unrelated", seed: 2, dtype: SafetensorsDType.F32);

        await CheckAsync(original, "hk-original", 100);
        var near = Assert.IsType<Disqualified>((await CheckAsync(noisy, "hk-copier", 200)).Value);
        var other = await CheckAsync(unrelated, "hk-honest", 300);

        Assert.Equal(ReasonCodes.Copy, near.ReasonCode);
        Assert.StartsWith("100.0% of the tensors match the weight fingerprint of hk-original:100", near.Message, StringComparison.Ordinal);
        Assert.True(other.IsPassed, other.ToString());
    }

    [Fact]
    public async Task CopyCheckedBeforeItsOriginal_IsCaughtTheNextRound_TheEarlierOwnsIt()
    {
        var original = _rig.Model("original", dtype: SafetensorsDType.F32);
        var copy = _rig.Temp.Combine("copy");
        ModelDerivation.Rename(original, copy);

        var copyFirst = await CheckAsync(copy, "hk-copier", 200);
        var originalLater = await CheckAsync(original, "hk-original", 100);
        var copyAgain = await CheckAsync(copy, "hk-copier", 200);

        Assert.True(copyFirst.IsPassed);
        Assert.True(originalLater.IsPassed, originalLater.ToString());
        Assert.Equal(ReasonCodes.Copy, Assert.IsType<Disqualified>(copyAgain.Value).ReasonCode);
        Assert.Equal(2, _rig.Ledger.Find(WeightFingerprintCheck.FingerprintKind).Count); // computed once per submission
    }

    [Fact]
    public async Task DamagedEarlierRecord_IsIgnored_NoSnapshot_Defers()
    {
        _rig.Ledger.Record(new SubmissionKey("hk-old", 1), WeightFingerprintCheck.FingerprintKind, "wfp1:!!not-base64");
        var model = _rig.Model("model", dtype: SafetensorsDType.F32);

        var outcome = await CheckAsync(model, "hk-new", 100);
        var deferred = await _check.CheckAsync(await _rig.ContextAsync(model, "hk-new", 100), default);

        Assert.True(outcome.IsPassed, outcome.ToString());
        Assert.True(deferred.IsDeferred);
    }

    [Fact]
    public async Task RecordedFingerprint_EqualsIndependentFloat64Reference_AndCosineToo()
    {
        var original = _rig.Model("original", seed: 11, dtype: SafetensorsDType.F32);
        var noisy = _rig.Temp.Combine("noisy");
        ModelDerivation.AddNoise(original, noisy, 0.05, seed: 3);
        await CheckAsync(original, "hk-a", 100);
        await CheckAsync(noisy, "hk-b", 200);
        var prints = _rig.Ledger.Find(WeightFingerprintCheck.FingerprintKind).Select(r => Fingerprint.Parse(r.Value)).ToList();
        var reference = Float64Fingerprint.Compute(Path.Combine(original, "model.safetensors"));
        var referenceNoisy = Float64Fingerprint.Compute(Path.Combine(noisy, "model.safetensors"));

        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), prints[0].Tensors.Select(t => t.Name));
        foreach (var (a, b) in prints[0].Tensors.Zip(prints[1].Tensors))
        {
            var r = reference[a.Name];
            Assert.True(r.Norm > 0.1, $"{a.Name}: weights large enough to be far from zero");
            Assert.Equal(r.Norm, a.Norm, r.Norm * 1e-12);
            Assert.Equal(r.Samples, a.Samples.Select(v => (double)v));
            Assert.Equal(referenceNoisy[b.Name].Norm, b.Norm, referenceNoisy[b.Name].Norm * 1e-12);
            var cosine = Float64Fingerprint.Cosine(r.Samples, referenceNoisy[b.Name].Samples);
            Assert.Equal(cosine, Fingerprint.Cosine(a, b), 1e-12);
            Assert.True(cosine < 1 - 1e-6, "σ = 0.05 noise must move the samples");
        }
    }

    private async Task<CheckOutcome> CheckAsync(string folder, string hotkey, long block) =>
        await _check.CheckAsync(await _rig.ContextAsync(folder, hotkey, block, snapshot: true), CancellationToken.None);

    /// <summary>The spec's exact weights hash, recomputed here: sorted per-file SHA-256 hex, each + "\n", hashed again.</summary>
    private static string IndependentWeightsHash(string folder)
    {
        var lines = Directory.GetFiles(folder, "*.safetensors").Select(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))).Order(StringComparer.Ordinal);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Concat(lines.Select(l => l + "\n")))));
    }
}
