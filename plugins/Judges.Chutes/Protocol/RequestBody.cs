using Tournament.Abstractions;
using Tournament.Inference.Remote;

namespace Tournament.Plugins.Judges.Chutes.Protocol;

/// <summary>Writes the <c>/v1/chat/completions</c> request body of a judge call (the shared wire format).</summary>
internal static class RequestBody
{
    public static ByteArrayContent Create(string model, JudgeRequest request, bool stream) =>
        new ChatCompletionsBody(model, request.Messages)
        {
            Temperature = request.Temperature, MaxTokens = request.MaxTokens, Stream = stream, JsonResponse = request.JsonResponse,
        }.ToContent();
}
