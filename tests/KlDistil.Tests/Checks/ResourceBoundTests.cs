using Tournament.Abstractions;
using Tournament.Inference.Safetensors;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.KlDistil.Tests.Regression;
using Tournament.Plugins.KlDistil.Checks;

namespace Tournament.KlDistil.Tests.Checks;

/// <summary>
/// Issue 16, item 3: header size, tensor count, file count and config size are bounded by <c>header-integrity</c> with
/// its default options, from the file list and the headers alone (the check runs at the Metadata stage: no download).
/// </summary>
public sealed class ResourceBoundTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FolderStorage _storage = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OversizedSafetensorsHeader_IsRejectedBeforeDownload()
    {
        var folder = Models.Tiny(_temp, "big-header");
        var name = new string('n', 4000);
        Models.WriteSafetensors(Path.Combine(folder, "extra.safetensors"), [.. Enumerable.Range(0, 4300).Select(i => ($"{name}.{i}", SafetensorsDType.F32, new long[] { 1 }))]);

        MetadataExploitTests.AssertDisqualified(await Check(folder), HeaderIntegrityCheck.Name, "MaxHeaderBytes");
        Assert.Equal(0, _storage.FetchCount);
    }

    [Fact]
    public async Task ManyTinyTensors_AreRejectedBeforeDownload()
    {
        var folder = Models.Tiny(_temp, "many-tensors");
        Models.WriteSafetensors(Path.Combine(folder, "extra.safetensors"), [.. Enumerable.Range(0, 5_000).Select(i => ($"t{i}", SafetensorsDType.F32, new long[] { 1 }))]);

        MetadataExploitTests.AssertDisqualified(await Check(folder, new HeaderIntegrityOptions { MaxTensors = 4_000 }), HeaderIntegrityCheck.Name, "MaxTensors");
        Assert.Equal(0, _storage.FetchCount);
    }

    [Fact]
    public async Task TooManyFiles_AreRejectedFromTheFileList()
    {
        var folder = Models.Tiny(_temp, "many-files");
        for (var i = 0; i < 60; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, $"note{i}.txt"), "x");
        }

        MetadataExploitTests.AssertDisqualified(await Check(folder, new HeaderIntegrityOptions { MaxFiles = 50 }), HeaderIntegrityCheck.Name, "MaxFiles");
    }

    [Fact]
    public async Task OversizedConfig_IsRejectedFromTheFileList()
    {
        var folder = Models.Tiny(_temp, "big-config");
        Models.EditConfig(folder, c => c["padding"] = new string(' ', 1_100_000));

        MetadataExploitTests.AssertDisqualified(await Check(folder), HeaderIntegrityCheck.Name, "MaxConfigBytes");
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var o = new HeaderIntegrityOptions();
        Assert.Equal((16L << 20, 200_000, 2048, 1L << 20), (o.MaxHeaderBytes, o.MaxTensors, o.MaxFiles, o.MaxConfigBytes));
    }

    [Fact]
    public async Task LimitsAreOptions_ALowerTensorLimitApplies()
    {
        var folder = Models.Tiny(_temp, "limits");
        var outcome = await Check(folder, new HeaderIntegrityOptions { MaxTensors = 3 });

        MetadataExploitTests.AssertDisqualified(outcome, HeaderIntegrityCheck.Name, "more than 3 tensors");
        Assert.True((await Check(folder)).IsPassed);
    }

    private async Task<CheckOutcome> Check(string folder, HeaderIntegrityOptions? options = null)
    {
        var model = _storage.Add("miner/" + Path.GetFileName(folder), folder);
        return await new HeaderIntegrityCheck(options ?? new HeaderIntegrityOptions()).CheckAsync(await Models.ContextAsync(_storage, Models.Submission(model)), CancellationToken.None);
    }
}
