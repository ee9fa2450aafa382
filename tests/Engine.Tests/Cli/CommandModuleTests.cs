using Tournament.Engine.Cli;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Cli;

public sealed class CommandModuleTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();
    private readonly string _modules;

    public CommandModuleTests()
    {
        _modules = Path.Combine(_workspace.Root, "commands");
        TestWorkspace.CopyFolder(FixturePlugins.OutputOf("Fixtures.Duel"), Path.Combine(_modules, FixturePlugins.Duel));
    }

    public void Dispose() => _workspace.Dispose();

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error, context => CommandCatalog.Create(context, args, _modules));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task RunAsync_ContributedCommand_RunsWithTheHostsConventions()
    {
        var plain = await RunAsync("fixture-echo", "--text", "hello");
        var json = await RunAsync("-v", "fixture-echo", "--text", "hello", "--json");

        Assert.Equal((0, "hello"), (plain.Code, plain.Output.Trim()));
        Assert.Equal((0, """{"text":"hello","verbose":true}"""), (json.Code, json.Output.Trim()));
    }

    [Fact]
    public async Task RunAsync_ContributedCommandBadInput_OneSentenceExit2()
    {
        var empty = await RunAsync("fixture-echo", "--text", "");
        var missing = await RunAsync("fixture-echo");

        // The last line: the fixture also carries a command clashing with the host's, warned about first.
        Assert.Equal((2, "--text is empty; give the text to echo."), (empty.Code, empty.Error.Trim().Split('\n')[^1]));
        Assert.Equal(2, missing.Code);
        Assert.Contains("--text", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ModuleCommandClashingWithTheHosts_HostKeepsItsOwnAndWarns()
    {
        var help = await RunAsync("--help");

        Assert.Equal(0, help.Code);
        Assert.Contains("fixture-echo", help.Output, StringComparison.Ordinal);
        Assert.Contains("List plugins", help.Output, StringComparison.Ordinal);
        Assert.Contains("warning: a command module adds the command 'plugins'", help.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BrokenModule_ReportedInOneLine_HostCommandsStillWork()
    {
        var broken = Path.Combine(_modules, "Broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "Broken.dll"), "not an assembly");

        var result = await RunAsync("fixture-echo", "--text", "still here");

        Assert.Equal((0, "still here"), (result.Code, result.Output.Trim()));
        Assert.Contains($"warning: the command module {Path.Combine(broken, "Broken.dll")} failed to load", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HostVerb_DoesNotLoadModules()
    {
        var broken = Path.Combine(_modules, "Broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "Broken.dll"), "not an assembly");

        var result = await RunAsync("validate-config", "--config", Path.Combine(_workspace.Root, "missing.json"));

        Assert.Equal(2, result.Code);
        Assert.DoesNotContain("command module", result.Error, StringComparison.Ordinal);
    }
}
