using System.Text.Json;
using Tournament.Inference.Remote;

namespace Tournament.Plugins.Judges.Chutes.Protocol;

/// <summary>Classifies an error object inside a response for the judge's retry strategies (texts from <see cref="OpenAiErrorText"/>).</summary>
internal static class ProviderError
{
    /// <summary>Classifies an error object found in a 200 response or inside a stream.</summary>
    public static AttemptResult Classify(JsonElement error, string providerName)
    {
        var text = OpenAiErrorText.Sentence($"{providerName} returned an error inside a successful response: {OpenAiErrorText.ErrorObjectMessage(error)}");
        return OpenAiErrorText.CodeOf(error) switch
        {
            429 => new AttemptResult.Throttled(null, text),
            >= 400 and < 500 and not 408 => new AttemptResult.Fatal(text),
            _ => new AttemptResult.Transient(text),
        };
    }
}
