using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.Inference.Tokenizers;
using Tournament.Inference.Training;

namespace Tournament.Inference.Tests.Training;

public sealed class TrainingDataTests
{
    [Fact]
    public void ChatMlRenderer_MasksExactlyTheAssistantRepliesAndTheirEnd()
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Generate(new TinyModelSpec { Architecture = ModelArchitecture.Qwen3, HiddenSize = 16, IntermediateSize = 16, Heads = 2, KvHeads = 1 }, folder.Path);
        var tokenizer = HfTokenizer.Load(folder.Path);
        ChatMessage[] turns = [new("system", "Be brief."), new("user", "Hi there"), new("assistant", "Hello, world"), new("user", "Again"), new("assistant", "Sure: é ✓")];

        var rendered = new ChatMlRenderer(tokenizer).Render(turns);

        string Decode(bool learned) => tokenizer.Decode(rendered.Ids.Where((_, i) => rendered.AssistantMask[i] == learned).Select(i => (int)i));
        Assert.Equal("Hello, world<|im_end|>Sure: é ✓<|im_end|>", Decode(true));
        Assert.Equal(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n\n<|im_start|>user\nAgain<|im_end|>\n<|im_start|>assistant\n\n",
            Decode(false));
        Assert.Equal(string.Concat(turns.Select(t => $"<|im_start|>{t.Role}\n{t.Content}<|im_end|>\n")), tokenizer.Decode(rendered.Ids.Select(i => (int)i)));
    }

    [Fact]
    public void ReadConversations_ValidFile_ReadsTurnsAndSkipsBlankLines()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("chats.jsonl");
        File.WriteAllText(path, "[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\\n\"}]\r\n\n[{\"role\":\"user\",\"content\":\"\"}]\n");

        var chats = TrainingData.ReadConversations(path);

        Assert.Equal(2, chats.Count);
        Assert.Equal([new ChatMessage("user", "a"), new ChatMessage("assistant", "b\n")], chats[0]);
        Assert.Equal(new ChatMessage("user", string.Empty), Assert.Single(chats[1]));
    }

    [Fact]
    public void ReadTeacher_ValidLine_BuildsADistillationExample()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("teacher.jsonl");
        File.WriteAllText(path, "{\"prompt_ids\":[1,2],\"completion_ids\":[3,4],\"top_ids\":[[3,5],[4,6]],\"top_logprobs\":[[-0.1,-2.5],[-0.2,-1.75]]}\n");

        var example = Assert.Single(TrainingData.ReadTeacher(path));

        Assert.Equal([1L, 2, 3, 4], example.Ids);
        Assert.Equal(2, example.Teacher!.Start);
        Assert.Equal([4L, 6], example.Teacher.TopIds[1]);
        Assert.Equal([-0.2f, -1.75f], example.Teacher.TopLogProbs[1]);
    }

    public static TheoryData<string, string, bool> HostileLines => new()
    {
        { "[{\"role\":\"user\",\"content\":\"a\"}", "not valid JSON", false },
        { "{\"role\":\"user\"}", "non-empty JSON array", false },
        { "[]", "non-empty JSON array", false },
        { "[{\"role\":\"user\",\"content\":3}]", "string \"role\" and \"content\"", false },
        { "[[[[[[[[[[[[1]]]]]]]]]]]]", "not valid JSON", false },
        { "\u0000garbage", "not valid JSON", false },
        { "{\"prompt_ids\":[1],\"completion_ids\":[2],\"top_ids\":[[1]]}", "no \"top_logprobs\" array", true },
        { "{\"prompt_ids\":[1],\"completion_ids\":[2,3],\"top_ids\":[[1]],\"top_logprobs\":[[-1]]}", "one top_ids and top_logprobs row per completion token", true },
        { "{\"prompt_ids\":[1.5],\"completion_ids\":[2],\"top_ids\":[[1]],\"top_logprobs\":[[-1]]}", "not an integer", true },
        { "{\"prompt_ids\":[1],\"completion_ids\":[2],\"top_ids\":[[1]],\"top_logprobs\":[[\"x\"]]}", "non-number log-prob", true },
        { "[1,2]", "not a JSON object", true },
    };

    [Theory]
    [MemberData(nameof(HostileLines))]
    public void Read_MalformedOrTruncatedLine_OneSentenceNamingTheLine(string line, string expected, bool teacher)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("data.jsonl");
        File.WriteAllText(path, "\n" + line + "\n");

        var ex = Assert.Throws<InvalidDataException>(() => _ = teacher ? TrainingData.ReadTeacher(path).Count : TrainingData.ReadConversations(path).Count);

        Assert.StartsWith("Line 2 of ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadConversations_OversizedLine_RefusedWithoutReadingItAll()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("big.jsonl");
        File.WriteAllText(path, "[{\"role\":\"user\",\"content\":\"" + new string('x', TrainingData.MaxLineLength) + "\"}]\n");

        var ex = Assert.Throws<InvalidDataException>(() => TrainingData.ReadConversations(path));

        Assert.Contains("longer than", ex.Message, StringComparison.Ordinal);
    }
}
