using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tournament.Inference.Tokenizers;

namespace Tournament.Plugins.KlDistil.Teacher;

/// <summary>
/// A remote OpenAI-compatible teacher (vLLM): <c>POST {base}/v1/completions</c> with the prompt as token ids,
/// <c>logprobs: k</c>, <c>echo: false</c> and <c>return_tokens_as_token_ids: true</c>. Relies on
/// <c>choices[0].logprobs.tokens</c> (each <c>"token_id:N"</c>) and <c>choices[0].logprobs.top_logprobs</c> (one object
/// per token mapping <c>"token_id:N"</c> to a log-probability). Anything that does not map exactly to ids throws
/// <see cref="TeacherUnavailableException"/> (the round's teacher step is deferred).
/// </summary>
internal sealed class OpenAiTeacherBackend : ITeacherBackend
{
    private const int MaxResponseBytes = 256 << 20;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly HfTokenizer _tokenizer;

    public OpenAiTeacherBackend(HttpClient http, Uri baseUrl, string model, string tokenizerFolder, int vocabSize)
    {
        _http = http;
        _endpoint = new Uri(baseUrl, "v1/completions");
        _model = model;
        _tokenizer = HfTokenizer.Load(tokenizerFolder);
        VocabSize = vocabSize;
        var tokenizerHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_tokenizer.SourcePath)));
        Identity = $"openai:{baseUrl}|{model}|{tokenizerHash}|{vocabSize}";
    }

    public string Identity { get; }

    public int VocabSize { get; }

    public IReadOnlyList<int> Encode(string text) => _tokenizer.Encode(text, recognizeSpecialTokens: false, addSpecialTokens: false);

    /// <summary>A remote server returns top-k log-probabilities only: no dense distribution.</summary>
    public Inference.Models.DecoderModel? LocalModel() => null;

    public TeacherGeneration Generate(IReadOnlyList<int> promptIds, TeacherSettings settings, ulong seed, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object>
        {
            ["model"] = _model,
            ["prompt"] = promptIds,
            ["max_tokens"] = settings.MaxNewTokens,
            ["logprobs"] = settings.TopK,
            ["echo"] = false,
            ["temperature"] = settings.Sample ? settings.Temperature : 0.0,
            ["top_p"] = settings.Sample ? settings.TopP : 1.0,
            ["seed"] = (long)(seed & 0x7FFF_FFFF_FFFF_FFFF),
            ["return_tokens_as_token_ids"] = true,
        };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = JsonContent.Create(body) };
            using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new TeacherUnavailableException($"The teacher server answered HTTP {(int)response.StatusCode} to {_endpoint}.");
            }

            using var stream = response.Content.ReadAsStream(cancellationToken);
            var bytes = ReadBounded(stream);
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            return Map(doc.RootElement, settings);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException or FormatException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TeacherUnavailableException($"The teacher server at {_endpoint} gave no usable answer: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        // The HttpClient belongs to the caller.
    }

    private static byte[] ReadBounded(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw new InvalidOperationException($"the response is over {MaxResponseBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private TeacherGeneration Map(JsonElement root, TeacherSettings settings)
    {
        var choices = root.GetProperty("choices");
        if (choices.GetArrayLength() != 1)
        {
            throw new InvalidOperationException($"expected one choice, got {choices.GetArrayLength()}");
        }

        var logprobs = choices[0].GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens");
        var tops = logprobs.GetProperty("top_logprobs");
        if (tokens.GetArrayLength() != tops.GetArrayLength() || tokens.GetArrayLength() > settings.MaxNewTokens)
        {
            throw new InvalidOperationException("tokens and top_logprobs disagree in length or exceed max_tokens");
        }

        var ids = new int[tokens.GetArrayLength()];
        var topIds = new int[ids.Length][];
        var topValues = new float[ids.Length][];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = TokenId(tokens[i].GetString());
            // vLLM may add the sampled token as a (k+1)-th entry: keep the k most probable.
            var entries = tops[i].EnumerateObject().OrderByDescending(e => e.Value.GetDouble()).Take(settings.TopK).ToArray();
            topIds[i] = entries.Select(e => TokenId(e.Name)).ToArray();
            topValues[i] = entries.Select(e => (float)e.Value.GetDouble()).ToArray();
            if (topIds[i].Distinct().Count() != topIds[i].Length)
            {
                throw new InvalidOperationException($"duplicate ids in top_logprobs at position {i}");
            }
        }

        return new TeacherGeneration(ids, topIds, topValues);
    }

    private int TokenId(string? token)
    {
        const string prefix = "token_id:";
        if (token is null || !token.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(token.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id >= VocabSize)
        {
            throw new FormatException($"'{(token is null ? "null" : token[..Math.Min(token.Length, 40)])}' is not a token id of the form token_id:N within the vocabulary (is return_tokens_as_token_ids supported by the server?)");
        }

        return id;
    }
}
