using System.Text.Json.Nodes;

namespace Tournament.Chain.Subtensor.Tests.Server;

/// <summary>What the loopback node does with one request.</summary>
public abstract record NodeReply
{
    /// <summary>Answers with a result.</summary>
    public sealed record Result(JsonNode? Value) : NodeReply;

    /// <summary>Answers with a JSON-RPC error object.</summary>
    public sealed record Failure(int Code, string Message) : NodeReply;

    /// <summary>Sends this text as the whole message (malformed or truncated JSON, a wrong id...).</summary>
    public sealed record Raw(string Text) : NodeReply;

    /// <summary>Sends a valid answer whose result is a string of this many bytes.</summary>
    public sealed record Oversized(int Bytes) : NodeReply;

    /// <summary>
    /// Answers with a subscription id, then (WebSocket only) sends each of <paramref name="Notifications"/> as a
    /// <paramref name="Method"/> notification of that subscription; a null item sends a message that is not JSON.
    /// </summary>
    public sealed record Subscription(string Id, IReadOnlyList<JsonNode?> Notifications, string Method = "author_extrinsicUpdate") : NodeReply;

    /// <summary>Never answers.</summary>
    public sealed record Silent : NodeReply;

    /// <summary>Aborts the connection without answering.</summary>
    public sealed record Drop : NodeReply;
}
