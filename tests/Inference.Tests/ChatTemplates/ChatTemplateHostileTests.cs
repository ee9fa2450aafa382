using System.Text;
using System.Text.Json.Nodes;
using Tournament.Inference.ChatTemplates;

namespace Tournament.Inference.Tests.ChatTemplates;

/// <summary>Templates come from miners' model folders: malformed, truncated, oversized and hostile ones must end in a
/// one-sentence <see cref="ChatTemplateException"/> (with line and column where the text is at fault) or a bounded
/// refusal, never a hang, a stack overflow or another exception.</summary>
public sealed class ChatTemplateHostileTests(JinjaReference reference) : IClassFixture<JinjaReference>
{
    // The mechanism is the same at any bound; a small one keeps the runaway cases quick.
    private static readonly ChatTemplateLimits SmallSteps = new() { MaxSteps = 200_000 };

    private static readonly JsonObject Context = new() { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }) };

    [Theory]
    [InlineData("{% if x %}never closed", 1, 1, "never closed")]
    [InlineData("a\n  {% for m in messages %}\n{{ m }}", 2, 3, "never closed")]
    [InlineData("ok\n{% endif %}", 2, 1, "no open block")]
    [InlineData("{% for m in messages %}{% endif %}{% endfor %}", 1, 24, "no open block")]
    [InlineData("{% macro f() %}body", 1, 1, "never closed")]
    [InlineData("{{ 'unterminated }}", 1, 4, "never closed")]
    [InlineData("{# comment never ends", 1, 1, "never closed")]
    [InlineData("x {{ messages", 1, 6, "never closed")]
    [InlineData("{% frobnicate %}", 1, 1, "unknown tag")]
    [InlineData("{{ 1 + }}", 1, 8, "unexpected")]
    [InlineData("{{ a b }}", 1, 6, "expected '}}'")]
    [InlineData("{{ x['a' }}", 1, 10, "unexpected '}}'")]
    [InlineData("{{ 'bad \\q escape' }}", 1, 9, "escape")]
    [InlineData("{{ ! }}", 1, 4, "unexpected character")]
    [InlineData("{% set %}", 1, 8, "unexpected")]
    public void Parse_MalformedTemplate_OneSentenceWithPosition(string template, int line, int column, string fragment)
    {
        ChatTemplateException ex = Assert.Throws<ChatTemplateException>(() => JinjaTemplate.Parse(template));
        AssertOneSentence(ex);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (ex.Line, ex.Column));
    }

    [Theory]
    [InlineData("{{ messages | nosuchfilter }}", "unknown filter 'nosuchfilter'")]
    [InlineData("{{ undefined_thing | trim }}", "cannot be applied to UndefinedValue")]
    [InlineData("{{ raise_exception('Conversation roles must alternate') }}", "Conversation roles must alternate")]
    [InlineData("{{ messages[0].content.nope() }}", "cannot call '.nope'")]
    [InlineData("{{ 1 is nosuchtest }}", "unknown test 'nosuchtest'")]
    public void Render_RuntimeError_OneSentenceWithPosition(string template, string fragment)
    {
        JinjaTemplate parsed = JinjaTemplate.Parse(template);
        ChatTemplateException ex = Assert.Throws<ChatTemplateException>(() => parsed.Render(Context));
        AssertOneSentence(ex);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Render_InfiniteMacroRecursion_RefusedAtCallDepth()
        => AssertRefused("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "macro calls nest deeper than 64");

    [Fact]
    public void Render_ExponentialMacroFanOut_RefusedBySteps()
        => AssertRefused("{% macro f(n) %}{% if n < 60 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}{{ f(0) }}", "200,000 steps", SmallSteps);

    [Fact]
    public void Render_LoopOverBillionItems_RefusedBeforeAllocating()
        => AssertRefused("{% for i in range(1000000000) %}{{ i }}{% endfor %}", "1,000,000,000 items");

    [Fact]
    public void Render_NestedLoopsOfTrillionSteps_RefusedBySteps()
        => AssertRefused("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "200,000 steps", SmallSteps);

    [Fact]
    public void Render_StringDoubling_RefusedByOutputLimit()
        => AssertRefused("{% set ns = namespace(s='xy') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", "characters");

    [Fact]
    public void Render_ListDoubling_RefusedByCollectionLimit()
        => AssertRefused("{% set ns = namespace(l=[1]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}{% endfor %}", "items");

    [Fact]
    public void Render_HugeOutput_RefusedByOutputLimit()
        => AssertRefused("{% for i in range(900000) %}{{ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }}{% endfor %}", "characters");

    [Fact]
    public void Parse_TenMegabyteTemplate_RefusedBySize()
    {
        string huge = string.Concat(Enumerable.Repeat("{{ messages[0].content }}", 420_000));
        Assert.True(huge.Length > 10_000_000);
        ChatTemplateException ex = Assert.Throws<ChatTemplateException>(() => JinjaTemplate.Parse(huge));
        AssertOneSentence(ex);
        Assert.Contains("over the 1,000,000-character limit", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", ")", 5_000)]
    [InlineData("[", "]", 5_000)]
    [InlineData("{% if true %}", "{% endif %}", 5_000)]
    [InlineData("not ", "", 5_000)]
    [InlineData("- ", "", 5_000)]
    public void Parse_DeepNesting_RefusedByNestingLimit(string open, string close, int depth)
    {
        StringBuilder sb = new();
        bool statement = open.StartsWith("{%", StringComparison.Ordinal);
        sb.Append(statement ? string.Empty : "{{ ");
        for (int i = 0; i < depth; i++)
        {
            sb.Append(open);
        }

        sb.Append(statement ? "x" : "1");
        for (int i = 0; i < depth; i++)
        {
            sb.Append(close);
        }

        sb.Append(statement ? string.Empty : " }}");
        ChatTemplateException ex = Assert.Throws<ChatTemplateException>(() => JinjaTemplate.Parse(sb.ToString()));
        AssertOneSentence(ex);
        Assert.Contains("nest deeper than 200 levels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNestingWithoutNestingLimit_StopsBeforeTheStackOverflows()
    {
        string deep = "{{ " + new string('(', 100_000) + "1" + new string(')', 100_000) + " }}";
        ChatTemplateException ex = Assert.Throws<ChatTemplateException>(() => JinjaTemplate.Parse(deep, new ChatTemplateLimits { MaxNesting = int.MaxValue }));
        AssertOneSentence(ex);
        Assert.Contains("nest too deeply to parse", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DeepRecursionWithoutCallLimit_StopsBeforeTheStackOverflows()
    {
        JinjaTemplate parsed = JinjaTemplate.Parse("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", new ChatTemplateLimits { MaxCallDepth = int.MaxValue, MaxSteps = long.MaxValue });
        ChatTemplateException ex = Assert.Throws<ChatTemplateException>(() => parsed.Render(Context));
        AssertOneSentence(ex);
        Assert.Contains("nests too deeply", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EveryTruncationOfARealTemplate_RendersOrFailsCleanly()
    {
        string template = reference.TemplateText("qwen3");
        int clean = 0;
        for (int length = 0; length < template.Length; length += 7)
        {
            try
            {
                JinjaTemplate.Parse(template[..length]).Render(Context);
            }
            catch (ChatTemplateException ex)
            {
                AssertOneSentence(ex);
                clean++;
            }
        }

        Assert.True(clean > 50, $"only {clean} truncations failed; the truncation points do not cut tags");
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrowOtherExceptions()
    {
        Random random = new(12);
        const string alphabet = "{}%#-+()[]'\"\\|.,:~=!<>*/ \n\tabcxyz019_é😀";
        for (int n = 0; n < 3000; n++)
        {
            char[] text = new char[random.Next(1, 60)];
            for (int i = 0; i < text.Length; i++)
            {
                text[i] = alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                JinjaTemplate.Parse(new string(text)).Render(Context);
            }
            catch (ChatTemplateException ex)
            {
                AssertOneSentence(ex);
            }
        }
    }

    private static void AssertRefused(string template, string fragment, ChatTemplateLimits? limits = null)
    {
        JinjaTemplate parsed = JinjaTemplate.Parse(template, limits);
        ChatTemplateException ex = Assert.Throws<ChatTemplateException>(() => parsed.Render(Context));
        AssertOneSentence(ex);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    private static void AssertOneSentence(ChatTemplateException ex)
    {
        Assert.DoesNotContain('\n', ex.Message);
        Assert.EndsWith(".", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("Chat template error", ex.Message, StringComparison.Ordinal);
    }
}
