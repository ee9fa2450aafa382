using Tournament.Cli;
using Tournament.Engine.Cli;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Cli;

/// <summary>Issue 16, item 4: CLI edges exit 2 with one sentence and never echo control characters.</summary>
public sealed class CliEdgeTests : IDisposable
{
    private readonly SampleCopy _sample = new();

    public void Dispose() => _sample.Dispose();

    [Theory]
    [InlineData("--max-rounds", "abc")]
    [InlineData("--max-rounds", "1.5")]
    [InlineData("--max-rounds", "99999999999")]
    [InlineData("--max-rounds", "0")]
    [InlineData("--interval-seconds", "abc")]
    [InlineData("--interval-seconds", "NaN")]
    [InlineData("--interval-seconds", "-1")]
    public async Task RunWithBadNumber_Exit2OneSentenceNoStackTrace(string option, string value)
    {
        var (code, error) = await Run("run", "--config", _sample.ConfigPath, option, value);

        Assert.Equal(2, code);
        Assert.StartsWith($"{option} must be a ", error, StringComparison.Ordinal);
        Assert.Contains($"'{value}' is not.", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsGenerateNegativeHidden_Exit2WithoutParameterSuffix()
    {
        var (code, error) = await RunTool("models", "generate", "--hidden", "-5", "--out", Path.Combine(_sample.Root, "gen"));

        Assert.Equal(2, code);
        Assert.Equal("hidden size -5 must be a positive multiple of the head count 4.\n", error);
    }

    [Fact]
    public async Task ModelsDeriveNoiseNaN_Exit2WithoutParameterSuffix()
    {
        var (code, error) = await RunTool("models", "derive", "--from", Path.Combine(_sample.Root, "models", "alice", "bigram-fine"), "--out", Path.Combine(_sample.Root, "d"), "--noise", "NaN");

        Assert.Equal(2, code);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task ModelsDeriveNoiseNotANumber_Exit2NoCrash()
    {
        var (code, error) = await RunTool("models", "derive", "--from", "x", "--out", "y", "--noise", "abc");

        Assert.Equal(2, code);
        Assert.StartsWith("Cannot parse argument 'abc' for option '--noise'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotkeyWithControlCharacters_IsNeverEchoedRaw_Exit2()
    {
        var (code, error) = await Run("commit", "--config", Config(), "--hotkey", "al\u001b[31mice\u0007", "--model", "alice/bigram-fine");

        Assert.True(code == 2, error);
        Assert.DoesNotContain("\u001b[31m", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", error, StringComparison.Ordinal);
        Assert.Contains("al\\u001B[31mice\\u0007", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnusableDataDirectory_FailsValidateConfigAndRoundAlike_Exit2()
    {
        var config = Config(root => root["Tournament"]!["DataDirectory"] = "prompts.txt/state");

        var validate = await Run("validate-config", "--config", config);
        var round = await Run("round", "--config", config);

        Assert.Equal((2, 2), (validate.Code, round.Code));
        Assert.StartsWith("Tournament:DataDirectory: The data folder ", validate.Error, StringComparison.Ordinal);
        Assert.Contains("is a file", validate.Error, StringComparison.Ordinal);
        Assert.Equal(validate.Error, round.Error);
        Assert.Single(validate.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Printable_EscapesEveryControlCharacter()
    {
        Assert.Equal("a\\u001Bb\\u0000c\\u009Bd", CliText.Printable("a\u001bb\0c\u009bd"));
        Assert.Equal("plain", CliText.Printable("plain"));
    }

    /// <summary>The sample's configuration with the engine's deployed plugins (the tests run in this process, not from the engine folder).</summary>
    private string Config(Action<System.Text.Json.Nodes.JsonObject>? edit = null) => _sample.WriteConfig(blockTimeSeconds: 1, root =>
    {
        root["Tournament"]!["PluginsPath"] = Path.Combine(Path.GetDirectoryName(FixturePlugins.EngineDll)!, "plugins");
        edit?.Invoke(root);
    });

    /// <summary>Runs the real <c>tournament</c> executable: the <c>models</c> commands come from the Inference.Tooling command module.</summary>
    private static async Task<(int Code, string Error)> RunTool(params string[] args)
    {
        var result = await TournamentCli.RunAsync(args);
        var lines = result.StandardError.Replace("\r", "", StringComparison.Ordinal).Split('\n').Where(l => !l.Contains(" info: ", StringComparison.Ordinal) && !l.StartsWith("Run 'tournament --help'", StringComparison.Ordinal));
        return (result.ExitCode, string.Join('\n', lines));
    }

    private static async Task<(int Code, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error);
        var lines = error.ToString().Split('\n').Where(l => !l.Contains(" info: ", StringComparison.Ordinal) && !l.StartsWith("Run 'tournament --help'", StringComparison.Ordinal));
        return (code, string.Join('\n', lines));
    }
}
