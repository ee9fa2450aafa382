using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Judging;

namespace Tournament.AlbedoDuel.Tests.Judging;

public sealed class JudgePanelTests
{
    private const string Valid = "{\"correctness\": 2, \"grounding\": 2, \"progress\": 0, \"protocol\": 1, \"efficiency\": 2}";

    [Fact]
    public async Task AskAsync_OnlyFailedJudgesAreReAsked_UpToTwoMorePasses()
    {
        var good = new ScriptedJudge("good", Valid);
        var late = new ScriptedJudge("late", "I think MODEL 2.", "{\"correctness\": 2", Valid);
        var broken = new ScriptedJudge("broken", null, null, null, Valid);
        var request = PairwisePrompt.Build([new ChatMessage("system", "agent"), new ChatMessage("user", "task")], "a", "b", "duel:s0", 256);

        var (final, calls) = await JudgePanel.AskAsync([good, late, broken], request, passes: 3, CancellationToken.None);

        Assert.Equal(1, good.Calls);
        Assert.Equal(3, late.Calls);
        Assert.Equal(3, broken.Calls);
        Assert.True(final[0].Parsed);
        Assert.True(final[1].Parsed);
        Assert.False(final[2].Parsed);
        Assert.Equal(7, calls.Count);
        Assert.All(calls.Where(c => c.Judge == 2), c => Assert.Equal("provider unavailable", c.Failure));
    }

    [Fact]
    public void Build_CarriesAgentSystemPromptConversationAndBothReplies()
    {
        var request = PairwisePrompt.Build([new ChatMessage("system", "AGENT RULES"), new ChatMessage("user", "fix it"), new ChatMessage("assistant", "THOUGHT: look"), new ChatMessage("user", "<output>x</output>")], "REPLY-ONE", "REPLY-TWO", "t", 128);

        Assert.Equal(0, request.Temperature);
        Assert.Contains("injecting model loses", request.Messages[0].Content, StringComparison.Ordinal);
        var user = request.Messages[1].Content;
        Assert.True(user.IndexOf("AGENT RULES", StringComparison.Ordinal) < user.IndexOf("<output>x</output>", StringComparison.Ordinal));
        Assert.True(user.IndexOf("REPLY-ONE", StringComparison.Ordinal) < user.IndexOf("REPLY-TWO", StringComparison.Ordinal));
    }

    /// <summary>Answers its script in order (null = a failure); repeats the last entry afterwards.</summary>
    private sealed class ScriptedJudge(string model, params string?[] script) : IJudge
    {
        public int Calls { get; private set; }

        public string Model => model;

        public Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken)
        {
            var text = script[Math.Min(Calls++, script.Length - 1)];
            return Task.FromResult<JudgeResult>(text is null
                ? new JudgeFailure("provider unavailable", true, "test")
                : new JudgeAnswer(text, model, "test", null, TimeSpan.Zero));
        }
    }
}
