using System.CommandLine;
using Tournament.Cli;
using Tournament.Engine.Cli;
using Tournament.Engine.Configuration;

namespace Tournament.Engine.Tests.Cli;

/// <summary>How failures inside a command reach the user: exit codes and what is printed.</summary>
public sealed class CliErrorHandlingTests
{
    [Fact]
    public async Task Run_UnexpectedException_OneLineExit1()
    {
        var (code, _, error) = await RunThrowing(new InvalidOperationException("The disk is on fire."));

        Assert.Equal(1, code);
        Assert.Equal("error: The disk is on fire.\n", error);
    }

    [Fact]
    public async Task Run_UnexpectedExceptionWithVerbose_PrintsStackTrace()
    {
        var (code, _, error) = await RunThrowing(new InvalidOperationException("The disk is on fire."), "--verbose");

        Assert.Equal(1, code);
        Assert.StartsWith("error: The disk is on fire.\nSystem.InvalidOperationException: The disk is on fire.", error, StringComparison.Ordinal);
        Assert.Contains(" at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConfigurationException_EveryProblemOnItsOwnLine_Exit2()
    {
        var problems = new[] { new ConfigurationProblem("Tournament:Mode", "Required."), new ConfigurationProblem("Components:x:TopK", "Too big.") };

        var (code, output, error) = await RunThrowing(new ConfigurationException(problems));

        Assert.Equal(2, code);
        Assert.Equal("Tournament:Mode: Required.\nComponents:x:TopK: Too big.\n", error);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Run_UserInputException_MessageExit2()
    {
        var (code, _, error) = await RunThrowing(new UserInputException("'abc' is not a hotkey; give an SS58 address."));

        Assert.Equal(2, code);
        Assert.Equal("'abc' is not a hotkey; give an SS58 address.\n", error);
    }

    [Fact]
    public async Task Run_Cancelled_StopsCleanly_Exit130()
    {
        var (code, _, error) = await RunThrowing(new OperationCanceledException());

        Assert.Equal(130, code);
        Assert.Equal("Stopped.\n", error);
    }

    [Fact]
    public async Task Run_UnknownOption_Exit2WithUsageHint()
    {
        var (code, _, error) = await RunThrowing(new InvalidOperationException("never"), "--no-such-option");

        Assert.Equal(2, code);
        Assert.EndsWith("Run 'tournament --help' for usage.\n", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunThrowing(Exception exception, params string[] extra)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApplication.RunAsync(["fail", .. extra], output, error, _ =>
        {
            var command = new Command("fail");
            command.SetAction((_, _) => Task.FromException<int>(exception));
            return [command];
        });
        return (code, output.ToString(), error.ToString());
    }
}
