namespace Tournament.Plugins.Judges.Chutes.Client;

/// <summary>An OpenAI-compatible provider: a name for traces, the chat completions address and the key.</summary>
internal sealed class ProviderEndpoint
{
    public ProviderEndpoint(string name, string baseUrl, ApiKey key)
    {
        Name = name;
        ChatCompletions = ChatCompletionsUri(baseUrl);
        Key = key;
    }

    public string Name { get; }

    public Uri ChatCompletions { get; }

    public ApiKey Key { get; }

    /// <summary><c>{base}/v1/chat/completions</c>, whether or not the base already ends in <c>/v1</c>.</summary>
    public static Uri ChatCompletionsUri(string baseUrl)
    {
        var trimmed = baseUrl.Trim().TrimEnd('/');
        if (trimmed.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^"/chat/completions".Length];
        }

        if (trimmed.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^"/v1".Length];
        }

        return new Uri(trimmed + "/v1/chat/completions", UriKind.Absolute);
    }

    public override string ToString() => $"{Name} ({ChatCompletions})";
}
