using System.Buffers.Binary;
using System.Text;
using Tournament.Abstractions;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.KlDistil.Tests.Regression;
using Tournament.Plugins.KlDistil.Checks;

namespace Tournament.KlDistil.Tests.Checks;

public sealed class HeaderAndArchitectureTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FolderStorage _storage = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task HeaderIntegrity_GeneratedModel_Passes()
    {
        Assert.True((await Check(new HeaderIntegrityCheck(new HeaderIntegrityOptions()), Models.Tiny(_temp, "ok"))).IsPassed);
    }

    [Fact]
    public async Task HeaderIntegrity_TrailingBytes_IsRejectedFromDescribedSize()
    {
        var folder = Models.Tiny(_temp, "trailing");
        await using (var stream = new FileStream(Path.Combine(folder, "model.safetensors"), FileMode.Append))
        {
            stream.Write(new byte[100]);
        }

        MetadataExploitTests.AssertDisqualified(await Check(new HeaderIntegrityCheck(new HeaderIntegrityOptions()), folder), "header-integrity", "but its header describes");
    }

    [Fact]
    public async Task HeaderIntegrity_TruncatedData_IsRejected()
    {
        var folder = Models.Tiny(_temp, "truncated");
        var path = Path.Combine(folder, "model.safetensors");
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^16]);
        MetadataExploitTests.AssertDisqualified(await Check(new HeaderIntegrityCheck(new HeaderIntegrityOptions()), folder), "header-integrity", "model.safetensors");
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}", 24)]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)]
    [InlineData("{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8)]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8)]
    [InlineData("[1,2,3]", 0)]
    [InlineData("{\"a\":", 0)]
    public async Task HeaderIntegrity_HostileHeader_IsRejected(string json, int dataBytes)
    {
        var folder = _temp.Combine("hostile");
        Directory.CreateDirectory(folder);
        var header = Encoding.UTF8.GetBytes(json);
        var file = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        await File.WriteAllBytesAsync(Path.Combine(folder, "model.safetensors"), file);
        MetadataExploitTests.AssertDisqualified(await Check(new HeaderIntegrityCheck(new HeaderIntegrityOptions()), folder), "header-integrity", "model.safetensors");
    }

    [Fact]
    public async Task HeaderIntegrity_HugeHeaderLength_IsRejected()
    {
        var folder = _temp.Combine("huge");
        Directory.CreateDirectory(folder);
        var file = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);
        await File.WriteAllBytesAsync(Path.Combine(folder, "model.safetensors"), file);
        MetadataExploitTests.AssertDisqualified(await Check(new HeaderIntegrityCheck(new HeaderIntegrityOptions()), folder), "header-integrity", "header length");
    }

    [Fact]
    public async Task Architecture_DefaultAllowlist_AcceptsGeneratedQwen3()
    {
        Assert.True((await Check(new ArchitectureCheck(new ArchitectureOptions()), Models.Tiny(_temp, "qwen3"))).IsPassed);
    }

    [Theory]
    [InlineData("[\"MixtralForCausalLM\"]", "MixtralForCausalLM")]
    [InlineData("[\"Qwen3ForCausalLM\", \"EvilForCausalLM\"]", "EvilForCausalLM")]
    [InlineData("[]", "architectures")]
    [InlineData("\"Qwen3ForCausalLM\"", "architectures")]
    [InlineData("[42]", "42")]
    public async Task Architecture_NotAllowed_IsRejected(string architectures, string mentions)
    {
        var folder = Models.Tiny(_temp, "arch");
        Models.EditConfig(folder, c => c["architectures"] = System.Text.Json.Nodes.JsonNode.Parse(architectures));
        MetadataExploitTests.AssertDisqualified(await Check(new ArchitectureCheck(new ArchitectureOptions()), folder), "architecture", mentions);
    }

    [Fact]
    public async Task Architecture_ConfiguredAllowlist_ReplacesDefaults()
    {
        var options = new ArchitectureOptions();
        options.Allowed.Add("LlamaForCausalLM");
        MetadataExploitTests.AssertDisqualified(await Check(new ArchitectureCheck(options), Models.Tiny(_temp, "qwen3")), "architecture", "Qwen3ForCausalLM");
    }

    [Fact]
    public async Task Architecture_MalformedConfig_IsRejected()
    {
        var folder = Models.Tiny(_temp, "badjson");
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), "{\"architectures\": [\"Qwen3");
        MetadataExploitTests.AssertDisqualified(await Check(new ArchitectureCheck(new ArchitectureOptions()), folder), "architecture", "not valid JSON");
    }

    [Fact]
    public async Task Vocab_EmbeddingRowsDisagreeWithConfig_IsRejected()
    {
        var folder = Models.Tiny(_temp, "rows");
        var vocab = Models.VocabOf(folder);
        Models.WriteSafetensors(Path.Combine(folder, "model.safetensors"), ("model.embed_tokens.weight", SafetensorsDType.F32, [vocab - 1, 4]));
        var check = new VocabCheck(new VocabOptions { TeacherVocabSize = vocab }, new HostEnvironment(_temp.Path, _temp.Path));
        MetadataExploitTests.AssertDisqualified(await Check(check, folder), "vocab", "embed_tokens");
    }

    [Fact]
    public async Task Vocab_TeacherSizeFromTeacherFolder_IsUsed()
    {
        var teacher = Models.Tiny(_temp, "teacher");
        var check = new VocabCheck(new VocabOptions { TeacherPath = "teacher" }, new HostEnvironment(_temp.Path, _temp.Path));
        Assert.True((await Check(check, Models.Tiny(_temp, "student", seed: 3))).IsPassed);
        Assert.Throws<InvalidOperationException>(() => new VocabCheck(new VocabOptions { TeacherPath = "missing" }, new HostEnvironment(_temp.Path, _temp.Path)));
        Assert.NotNull(teacher);
    }

    [Fact]
    public async Task ParamLimit_DefaultLimit_PassesTinyModel()
    {
        var outcome = await Check(new ParamLimitCheck(new ParamLimitOptions()), Models.Tiny(_temp, "small"));
        Assert.True(outcome.IsPassed);
        Assert.Contains("parameters", outcome.AsT0.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SafetensorsOnly_NoSafetensors_IsRejected()
    {
        var folder = _temp.Combine("empty");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), "{}");
        MetadataExploitTests.AssertDisqualified(await Check(new SafetensorsOnlyCheck(), folder), "safetensors-only", "no .safetensors");
    }

    [Fact]
    public async Task NoRemoteCode_CleanModel_Passes()
    {
        Assert.True((await Check(new NoRemoteCodeCheck(), Models.Tiny(_temp, "clean"))).IsPassed);
    }

    [Fact]
    public async Task NoQuantization_Bf16Model_Passes()
    {
        Assert.True((await Check(new NoQuantizationCheck(), Models.Tiny(_temp, "bf16", dtype: SafetensorsDType.BF16))).IsPassed);
    }

    private async Task<CheckOutcome> Check(IAntiCheatCheck check, string folder)
    {
        var model = _storage.Add("miner/" + Path.GetFileName(folder), folder);
        return await check.CheckAsync(await Models.ContextAsync(_storage, Models.Submission(model)), CancellationToken.None);
    }
}
