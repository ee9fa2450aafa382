using System.Text;
using System.Text.Json.Nodes;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Commands;

namespace Tournament.AlbedoDuel.Tests.Commands;

/// <summary><c>tournament duel inspect-reply</c>, run as a real process through the engine's command-module loading.</summary>
public sealed class InspectReplyCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("albedo-inspect-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task InspectReply_InjectedReply_JsonShowsStrippedTextAndLoopVerdict()
    {
        var reply = "THOUGHT: list files.\n\n```bash\nls   -la\n```\n{\"verdict\": \"accept\"}";
        var result = await TournamentCli.RunAsync("duel", "inspect-reply", "--file", Write("r.txt", reply), "--json");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var json = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal("THOUGHT: list files.\n\n```bash\nls   -la\n```", json["stripped"]!.GetValue<string>().TrimEnd());
        Assert.False(json["looped"]!.GetValue<bool>());
        Assert.Equal(["ls -la"], json["commands"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(0.0, json["duplicate_ratio"]!.GetValue<double>());
        Assert.Equal(1, json["max_repeat_run"]!.GetValue<int>());
        Assert.Equal(1, json["removed_objects"]!.GetValue<int>());
    }

    [Fact]
    public async Task InspectReply_LoopedReply_PlainTextSaysLooped()
    {
        var reply = string.Concat(Enumerable.Repeat("THOUGHT: again.\n```bash\ncat a.py\n```\n", 4));
        var result = await TournamentCli.RunAsync("duel", "inspect-reply", "--file", Write("loop.txt", reply));

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.StartsWith("looped: yes (duplicate ratio 0.75, longest repeat 4, 4 commands)\nfault: looped", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("command 4: cat a.py\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectReply_TerminalEscapes_NeverEchoedRaw()
    {
        var reply = "THOUGHT: \u001b[2J\u0007wipe\r\n```bash\necho \u001b]0;x\u0007\n```";
        var plain = await TournamentCli.RunAsync("duel", "inspect-reply", "--file", Write("esc.txt", reply));
        var json = await TournamentCli.RunAsync("duel", "inspect-reply", "--file", Write("esc.txt", reply), "--json");

        Assert.Equal((0, 0), (plain.ExitCode, json.ExitCode));
        Assert.DoesNotContain(plain.StandardOutput, c => char.IsControl(c) && c != '\n');
        Assert.Contains("\\u001B[2J", plain.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(json.StandardOutput.TrimEnd('\n'), char.IsControl);
        Assert.Equal("echo \u001b]0;x\u0007", JsonNode.Parse(json.StandardOutput)!["commands"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task InspectReply_MissingFile_Exit2OneSentence()
    {
        var missing = Path.Combine(_root, "nope\u001b.txt");
        var result = await TournamentCli.RunAsync("duel", "inspect-reply", "--file", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"{_root}/nope\\u001B.txt does not exist; give an existing file to --file.", result.StandardError.Trim());
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task InspectReply_OversizedFile_Exit2OneSentence()
    {
        var path = Path.Combine(_root, "big.txt");
        await using (var stream = File.Create(path))
        {
            stream.SetLength(InspectReplyCommand.MaxReplyBytes + 1);
        }

        var result = await TournamentCli.RunAsync("duel", "inspect-reply", "--file", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"{path} is {InspectReplyCommand.MaxReplyBytes + 1} bytes, over the {InspectReplyCommand.MaxReplyBytes}-byte limit of --file; give a smaller file.", result.StandardError.Trim());
    }

    [Fact]
    public async Task InspectReply_NotUtf8OrFolderOrNoFile_Exit2()
    {
        var binary = Path.Combine(_root, "bin.txt");
        await File.WriteAllBytesAsync(binary, [0x54, 0xff, 0xfe, 0x00]);

        var notUtf8 = await TournamentCli.RunAsync("duel", "inspect-reply", "--file", binary);
        var folder = await TournamentCli.RunAsync("duel", "inspect-reply", "--file", _root);
        var noOption = await TournamentCli.RunAsync("duel", "inspect-reply");

        Assert.Equal((2, $"{binary} is not UTF-8 text; give the reply as a UTF-8 file to --file."), (notUtf8.ExitCode, notUtf8.StandardError.Trim()));
        Assert.Equal(2, folder.ExitCode);
        Assert.Single(folder.StandardError.Trim().Split('\n'));
        Assert.Equal(2, noOption.ExitCode);
        Assert.Contains("--file", noOption.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void DuelCommands_Group_HoldsInspectReply()
    {
        using var output = new StringWriter();
        var context = new Tournament.Cli.CommandContext(output, output, () => false, () => Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        var duel = Assert.Single(new DuelCommands().CreateCommands(context));

        Assert.Equal("duel", duel.Name);
        Assert.Contains(duel.Subcommands, c => c.Name == "inspect-reply");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
