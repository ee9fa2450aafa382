using System.Text;
using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Plugins.Judges.Chutes.Options;

namespace Tournament.Plugins.Judges.Chutes.Protocol;

/// <summary>Accumulates a completion from stream chunks (deltas) or from one complete response (message).</summary>
internal sealed class AnswerBuilder(string providerName, JudgeTextMode mode)
{
    private readonly StringBuilder _content = new();
    private readonly StringBuilder _reasoning = new();
    private JudgeUsage? _usage;

    public bool SawChoice { get; private set; }

    public string? FinishReason { get; private set; }

    /// <summary>Applies one chunk (<paramref name="part"/> = <c>delta</c>) or a whole response (<c>message</c>).</summary>
    /// <returns>An error result when the JSON carries an error object or has the wrong shape; otherwise null.</returns>
    public AttemptResult? Apply(string json, string part)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new AttemptResult.Transient($"{providerName} sent JSON that is not an object.");
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind is not JsonValueKind.Null)
        {
            return ProviderError.Classify(error, providerName);
        }

        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            _usage = new JudgeUsage(Int(usage, "prompt_tokens"), Int(usage, "completion_tokens"));
        }

        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (choices.ValueKind != JsonValueKind.Array)
        {
            return new AttemptResult.Transient($"{providerName} sent 'choices' that is not an array.");
        }

        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind != JsonValueKind.Object || (choice.TryGetProperty("index", out var index) && index.ValueKind == JsonValueKind.Number && (!index.TryGetInt32(out var i) || i != 0)))
            {
                continue;
            }

            SawChoice = true;
            if (choice.TryGetProperty(part, out var body) && body.ValueKind == JsonValueKind.Object)
            {
                Append(_content, body, "content");
                if (!Append(_reasoning, body, "reasoning_content"))
                {
                    Append(_reasoning, body, "reasoning");
                }
            }

            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                FinishReason = finish.GetString();
            }
        }

        return null;
    }

    public AttemptResult Complete()
    {
        if (!SawChoice)
        {
            return new AttemptResult.Transient($"{providerName} returned no choices.");
        }

        var text = mode == JudgeTextMode.ContentOnly || _reasoning.Length == 0
            ? _content.ToString()
            : _content.Length == 0 ? _reasoning.ToString() : $"{_reasoning}\n{_content}";
        return string.IsNullOrWhiteSpace(text)
            ? new AttemptResult.Transient($"{providerName} returned an empty answer (finish reason: {FinishReason ?? "none"}).")
            : new AttemptResult.Success(text, _usage);
    }

    private static bool Append(StringBuilder target, JsonElement body, string name)
    {
        if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            target.Append(value.GetString());
            return true;
        }

        return false;
    }

    private static int Int(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0 ? n : 0;
}
