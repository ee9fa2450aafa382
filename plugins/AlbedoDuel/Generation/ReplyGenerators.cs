using Tournament.Abstractions;
using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Remote;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>Chooses a model's generator: its configured OpenAI-compatible endpoint, else the local runtime.</summary>
internal sealed class ReplyGenerators(DuelScorerOptions options, ChatTemplate template, TimeProvider time, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "albedo-duel-generation";

    private readonly LocalReplyGenerator _local = new(options, template, time);

    public IReplyGenerator For(ModelRef model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var endpoint = options.Endpoints.FirstOrDefault(e => string.Equals(e.Repo, model.Repo, StringComparison.Ordinal));
        if (endpoint is null)
        {
            return _local;
        }

        var http = httpClients.CreateClient(HttpClientName);
        http.Timeout = Timeout.InfiniteTimeSpan;
        var client = new OpenAiChatClient(http, new OpenAiChatClientOptions(new Uri(endpoint.BaseUrl))
        {
            ApiKey = endpoint.ApiKeyVariable is { Length: > 0 } variable ? Environment.GetEnvironmentVariable(variable) : null,
            Timeout = endpoint.Timeout,
        }, time);
        return new RemoteReplyGenerator(options, endpoint, client, time);
    }
}
