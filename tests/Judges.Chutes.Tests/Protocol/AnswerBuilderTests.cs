using System.Text.Json;
using Tournament.Plugins.Judges.Chutes.Options;
using Tournament.Plugins.Judges.Chutes.Protocol;

namespace Tournament.Judges.Chutes.Tests.Protocol;

public sealed class AnswerBuilderTests
{
    [Theory]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":42}}]}")]
    [InlineData("{\"choices\":[{\"delta\":\"content\"}]}")]
    [InlineData("{\"choices\":[7,null,\"x\"]}")]
    [InlineData("{\"choices\":[{\"index\":1e400,\"delta\":{\"content\":\"x\"}}]}")]
    [InlineData("{\"choices\":[{\"index\":3,\"delta\":{\"content\":\"other choice\"}}]}")]
    [InlineData("{\"choices\":null,\"usage\":{\"prompt_tokens\":-5,\"completion_tokens\":\"many\"}}")]
    public void Apply_HostileShapes_NeverYieldText(string json)
    {
        var builder = new AnswerBuilder("p", JudgeTextMode.ReasoningAndContent);

        Assert.Null(builder.Apply(json, "delta"));

        Assert.IsType<AttemptResult.Transient>(builder.Complete());
    }

    [Theory]
    [InlineData("\"just a string\"")]
    [InlineData("{\"choices\":{\"0\":{}}}")]
    public void Apply_WrongTopLevelShape_IsTransient(string json)
    {
        var builder = new AnswerBuilder("p", JudgeTextMode.ReasoningAndContent);

        Assert.IsType<AttemptResult.Transient>(builder.Apply(json, "delta"));
    }

    [Fact]
    public void Apply_TruncatedJson_Throws()
    {
        var builder = new AnswerBuilder("p", JudgeTextMode.ReasoningAndContent);

        Assert.ThrowsAny<JsonException>(() => builder.Apply("{\"choices\":[{\"delta\":", "delta"));
    }

    [Theory]
    [InlineData("{\"error\":{\"message\":\"slow\",\"code\":429}}", typeof(AttemptResult.Throttled))]
    [InlineData("{\"error\":{\"message\":\"slow\",\"code\":\"rate_limit_exceeded\"}}", typeof(AttemptResult.Throttled))]
    [InlineData("{\"error\":{\"message\":\"bad\",\"code\":\"400\"}}", typeof(AttemptResult.Fatal))]
    [InlineData("{\"error\":\"boom\"}", typeof(AttemptResult.Transient))]
    [InlineData("{\"error\":{\"message\":\"timeout\",\"code\":408}}", typeof(AttemptResult.Transient))]
    public void Apply_ErrorObject_IsClassifiedByCode(string json, Type expected)
    {
        var builder = new AnswerBuilder("p", JudgeTextMode.ReasoningAndContent);

        Assert.IsType(expected, builder.Apply(json, "delta"));
    }

    [Fact]
    public void Apply_ReasoningContentAndReasoningBoth_CountsReasoningOnce()
    {
        var builder = new AnswerBuilder("p", JudgeTextMode.ReasoningAndContent);

        builder.Apply("{\"choices\":[{\"delta\":{\"reasoning_content\":\"r\",\"reasoning\":\"r\",\"content\":\"c\"}}]}", "delta");

        Assert.Equal(new AttemptResult.Success("r\nc", null), builder.Complete());
    }
}
