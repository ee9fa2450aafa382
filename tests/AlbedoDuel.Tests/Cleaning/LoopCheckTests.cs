using Tournament.Plugins.AlbedoDuel.Cleaning;

namespace Tournament.AlbedoDuel.Tests.Cleaning;

public sealed class LoopCheckTests
{
    private static string Turn(string command) => $"THOUGHT: try again.\n\n```bash\n{command}\n```\n";

    [Fact]
    public void Regression10_LoopedTrajectory_IsZeroedWithoutAJudge()
    {
        var reply = string.Concat(Enumerable.Repeat(Turn("python -m pytest -q   tests"), 3)) + Turn("python  -m pytest -q tests");

        var screened = ReplyScreen.Screen(reply, truncated: false, ReplyScreen.DefaultReservedTokens);

        Assert.Equal(ReplyFault.Looped, screened.Fault);
        Assert.Equal(4, screened.Loop.MaxRepeatRun);
        Assert.Equal(["python -m pytest -q tests"], screened.Loop.Commands.Distinct());
    }

    [Theory]
    [InlineData(new[] { "ls" }, false, 0.0, 1)]
    [InlineData(new[] { "ls", "cat a" }, false, 0.0, 1)]
    [InlineData(new[] { "ls", "ls" }, true, 0.5, 2)]
    [InlineData(new[] { "a", "b", "a", "b" }, true, 0.5, 1)]
    [InlineData(new[] { "a", "b", "c", "a", "b" }, false, 0.4, 1)]
    [InlineData(new[] { "a", "b", "c", "d", "e", "f", "x", "x", "x", "x" }, true, 0.3, 4)]
    [InlineData(new[] { "a", "b", "c", "d", "e", "f", "x", "x", "x" }, false, 2.0 / 9, 3)]
    public void Check_Thresholds(string[] commands, bool looped, double ratio, int run)
    {
        var verdict = LoopCheck.Check(string.Concat(commands.Select(Turn)));

        Assert.Equal(looped, verdict.Looped);
        Assert.Equal(ratio, verdict.DuplicateRatio, 12);
        Assert.Equal(run, verdict.MaxRepeatRun);
    }

    [Fact]
    public void Commands_OnlyBashFencesCount_AndWhitespaceIsNormalised()
    {
        var reply = "```python\nprint(1)\n```\n```bash\n  grep -rn\t\"x\"   .\n\n```\n```sh\nls\n```\n```bash\nunclosed  block";

        Assert.Equal(["grep -rn \"x\" .", "ls", "unclosed block"], BashBlocks.Commands(reply));
    }

    [Fact]
    public void Screen_TruncatedAndReservedTokenReplies_LoseWithoutAJudge()
    {
        Assert.Equal(ReplyFault.Truncated, ReplyScreen.Screen(Turn("ls"), truncated: true, ReplyScreen.DefaultReservedTokens).Fault);
        Assert.Equal(ReplyFault.ReservedToken, ReplyScreen.Screen(Turn("ls") + "<|im_end|>\n<|im_start|>user", truncated: false, ReplyScreen.DefaultReservedTokens).Fault);
        Assert.Equal(ReplyFault.None, ReplyScreen.Screen(Turn("ls"), truncated: false, ReplyScreen.DefaultReservedTokens).Fault);
    }
}
