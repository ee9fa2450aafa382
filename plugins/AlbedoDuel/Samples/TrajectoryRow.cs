using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>One eligible sample turn of a row: its index among the row's assistant turns and its message index.</summary>
internal readonly record struct EligibleTurn(int TurnIndex, int MessageIndex);

/// <summary>One trajectory: its instance, repository and conversation.</summary>
internal sealed record TrajectoryRow(string InstanceId, string Repo, IReadOnlyList<ChatMessage> Messages)
{
    public const int MaxMessages = 1024;

    /// <summary>
    /// The row's sample turns: an assistant message directly after a user message whose turn index (the number of
    /// assistant messages before it) is below <paramref name="maxTurnIndex"/>, in conversation order.
    /// </summary>
    public IReadOnlyList<EligibleTurn> EligibleTurns(int maxTurnIndex)
    {
        var turns = new List<EligibleTurn>();
        var assistantsBefore = 0;
        for (var i = 0; i < Messages.Count && assistantsBefore < maxTurnIndex; i++)
        {
            if (Messages[i].Role != "assistant")
            {
                continue;
            }

            if (i > 0 && Messages[i - 1].Role == "user")
            {
                turns.Add(new EligibleTurn(assistantsBefore, i));
            }

            assistantsBefore++;
        }

        return turns;
    }

    /// <summary>Parses the <c>messages</c> column: a JSON array of <c>{"role","content"}</c> objects.</summary>
    public static IReadOnlyList<ChatMessage> ParseMessages(string json, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            var messages = new List<ChatMessage>();
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                var role = item.GetProperty("role").GetString();
                var content = item.GetProperty("content").GetString();
                if (role is not ("system" or "user" or "assistant") || content is null || messages.Count == MaxMessages)
                {
                    throw new TrajectoryCorpusException($"{where} has a message that is not a system, user or assistant string message, or more than {MaxMessages} messages.");
                }

                messages.Add(new ChatMessage(role, content));
            }

            return messages;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new TrajectoryCorpusException($"{where} has a messages column that is not a JSON array of role/content objects ({ex.Message}).", ex);
        }
    }
}
