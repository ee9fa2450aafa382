using System.Text;
using System.Text.Json.Nodes;
using Tournament.AlbedoDuel.Tests.Duel;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Traces;

namespace Tournament.AlbedoDuel.Tests.Traces;

/// <summary><c>duel verify</c> on tampered, truncated and hostile trace folders (the traces of <see cref="RemoteDuelFixture"/>).</summary>
public sealed class TraceVerifierTests(RemoteDuelFixture duel) : IClassFixture<RemoteDuelFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("albedo-verify-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Verify_AJudgeAnswerChanged_Disagrees()
    {
        var folder = Copy();
        var path = Path.Combine(folder, "judge_raw.jsonl");
        var lines = File.ReadAllLines(path);
        var i = Array.FindIndex(lines, l => l.Contains("\"judge\":1", StringComparison.Ordinal) && l.Contains("\\\"correctness\\\": 2", StringComparison.Ordinal) && l.Contains("\"parse_status\":\"parsed\"", StringComparison.Ordinal));
        lines[i] = lines[i].Replace("\\\"correctness\\\": 2", "\\\"correctness\\\": 1", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var result = await TraceVerifier.VerifyAsync(TraceSet.Read(folder), CancellationToken.None);

        Assert.False(result.Agrees);
        Assert.Contains("parses differently from the recorded metrics", result.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AVerdictFigureEdited_Disagrees()
    {
        var folder = Copy();
        var path = Path.Combine(folder, "verdict.json");
        var text = File.ReadAllText(path);
        var at = text.IndexOf("\"valid\": 16", StringComparison.Ordinal);
        File.WriteAllText(path, text[..at] + "\"valid\": 15" + text[(at + 11)..]);

        var result = await TraceVerifier.VerifyAsync(TraceSet.Read(folder), CancellationToken.None);

        Assert.False(result.Agrees);
        Assert.Contains("valid", result.Sentence, StringComparison.Ordinal);
    }

    /// <summary>The phase timings are a record of the run, not evidence: verify neither recomputes nor compares them.</summary>
    [Fact]
    public async Task Verify_PhaseTimingsEditedOrRemoved_StillAgrees()
    {
        var edited = Copy();
        var path = Path.Combine(edited, "verdict.json");
        var verdict = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var phase in verdict["phase_seconds"]!.AsObject().Select(p => p.Key).ToList())
        {
            verdict["phase_seconds"]![phase] = 12345.5;
        }

        File.WriteAllText(path, verdict.ToJsonString());
        var removed = Copy();
        verdict.Remove("phase_seconds");
        File.WriteAllText(Path.Combine(removed, "verdict.json"), verdict.ToJsonString());

        var afterEdit = await TraceVerifier.VerifyAsync(TraceSet.Read(edited), CancellationToken.None);
        var afterRemoval = await TraceVerifier.VerifyAsync(TraceSet.Read(removed), CancellationToken.None);

        Assert.True(afterEdit.Agrees, afterEdit.Sentence);
        Assert.True(afterRemoval.Agrees, afterRemoval.Sentence);
    }

    [Fact]
    public async Task Verify_AReplyEdited_Disagrees()
    {
        var folder = Copy();
        var path = Path.Combine(folder, "responses_challenger.jsonl");
        var lines = File.ReadAllLines(path);
        lines[0] = lines[0].Replace("\"reply\":\"THOUGHT:", "\"reply\":\"THOUGHT: (edited)", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var result = await TraceVerifier.VerifyAsync(TraceSet.Read(folder), CancellationToken.None);

        Assert.False(result.Agrees);
        Assert.Contains("differs from the one recorded", result.Sentence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("unknown-key")]
    [InlineData("deep")]
    [InlineData("not-utf8")]
    [InlineData("missing")]
    [InlineData("null-field")]
    [InlineData("huge-number")]
    public void Read_HostileOrTruncatedFiles_FailWithOneSentence(string damage)
    {
        var folder = Copy();
        var judge = Path.Combine(folder, "judge_raw.jsonl");
        var verdict = Path.Combine(folder, "verdict.json");
        switch (damage)
        {
            case "truncated":
                var bytes = File.ReadAllBytes(judge);
                File.WriteAllBytes(judge, bytes[..(bytes.Length / 2)]);
                break;
            case "unknown-key":
                File.WriteAllText(verdict, File.ReadAllText(verdict).Replace("{", "{\"injected\": true,", StringComparison.Ordinal));
                break;
            case "deep":
                File.WriteAllText(verdict, new string('[', 5000) + new string(']', 5000));
                break;
            case "not-utf8":
                File.WriteAllBytes(Path.Combine(folder, "responses_king.jsonl"), [0xC3, 0x28, (byte)'\n']);
                break;
            case "missing":
                File.Delete(Path.Combine(folder, "duel.json"));
                break;
            case "null-field":
                File.WriteAllText(verdict, File.ReadAllText(verdict).Replace("\"outcome\": \"ChallengerWins\"", "\"outcome\": null", StringComparison.Ordinal));
                break;
            default:
                File.WriteAllText(verdict, File.ReadAllText(verdict).Replace("\"finished\": 16", "\"finished\": 1" + new string('0', 400), StringComparison.Ordinal));
                break;
        }

        var error = Assert.Throws<TraceFormatException>(() => TraceSet.Read(folder));

        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.Message.Length < 600, error.Message);
    }

    [Fact]
    public async Task VerifyCommand_ExitsZeroOnAgreement_OneOnDisagreement_TwoOnBadInput()
    {
        var tampered = Copy();
        var path = Path.Combine(tampered, "verdict.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"outcome\": \"ChallengerWins\"", "\"outcome\": \"KingKeeps\"", StringComparison.Ordinal));
        var broken = Copy();
        File.WriteAllText(Path.Combine(broken, "judge_raw.jsonl"), "{\"duel_id\": ");

        var agree = await TournamentCli.RunAsync("duel", "verify", "--traces", duel.TraceFolder);
        var disagree = await TournamentCli.RunAsync("duel", "verify", "--traces", tampered);
        var bad = await TournamentCli.RunAsync("duel", "verify", "--traces", broken);
        var none = await TournamentCli.RunAsync("duel", "verify", "--traces", Path.Combine(_root, "nowhere"));

        Assert.True(agree.ExitCode == 0, agree.StandardError);
        Assert.StartsWith("The traces agree with verdict.json", agree.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, disagree.ExitCode);
        Assert.Single(disagree.StandardError.Trim().Split('\n'));
        Assert.Contains("recomputed outcome is ChallengerWins", disagree.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("judge_raw.jsonl", bad.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("does not exist", none.StandardError, StringComparison.Ordinal);
    }

    private string Copy()
    {
        var target = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(duel.TraceFolder))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
