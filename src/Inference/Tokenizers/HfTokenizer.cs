using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Tournament.Inference.Tokenizers;

/// <summary>One BPE merge rule of a tokenizer (<c>left right</c> → <c>leftright</c>).</summary>
public readonly record struct BpeMerge(string Left, string Right);

/// <summary>
/// A HuggingFace byte-level BPE <c>tokenizer.json</c> (GPT-2 / Llama-3 / Qwen family), loaded strictly and run on
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>. Added tokens, normalization and the Split pre-tokenizers are
/// applied here with HF's semantics; the BPE merges run in Microsoft.ML.Tokenizers.
/// </summary>
public sealed class HfTokenizer
{
    private readonly BpeTokenizer _bpe;
    private readonly PipelineSection _pipeline;
    private readonly AddedTokenMatcher _rawMatcher;
    private readonly AddedTokenMatcher _normalizedMatcher;
    private readonly Dictionary<int, string> _idToToken;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly Dictionary<string, int> _vocab;
    private readonly bool _ignoreMerges;
    private readonly int[] _prefixIds;
    private readonly int[] _suffixIds;

    // Pre-token → ids. Bounded so hostile input cannot grow it without limit; a full cache simply stops adding.
    private const int MaxCachedPieces = 100_000;
    private const int MaxCachedPieceLength = 64;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _pieceCache = new(StringComparer.Ordinal);
    private int _cachedPieces;

    private HfTokenizer(string path, ModelSection model, PipelineSection pipeline, List<AddedToken> added, JsonFields f)
    {
        SourcePath = path;
        _vocab = model.Vocabulary;
        _pipeline = pipeline;
        _ignoreMerges = model.IgnoreMerges;
        Vocabulary = new ReadOnlyDictionary<string, int>(model.Vocabulary);
        Merges = model.Merges.Select(m => new BpeMerge(m.Left, m.Right)).ToArray();
        AddedTokens = added.AsReadOnly();
        _idToToken = model.Vocabulary.ToDictionary(kv => kv.Value, kv => kv.Key);
        _addedById = added.ToDictionary(t => t.Id);
        foreach (AddedToken t in added)
        {
            _idToToken[t.Id] = t.Content;
        }

        VocabularySize = _idToToken.Count;
        _rawMatcher = new AddedTokenMatcher(added.Where(t => !t.Normalized));
        _normalizedMatcher = new AddedTokenMatcher(added.Where(t => t.Normalized));
        _prefixIds = pipeline.PrefixTokens.Select(t => Resolve(t, f)).ToArray();
        _suffixIds = pipeline.SuffixTokens.Select(t => Resolve(t, f)).ToArray();
        _bpe = BpeTokenizer.Create(new BpeOptions(model.Vocabulary)
        {
            Merges = model.Merges.Select(m => m.Left + " " + m.Right),
            ByteLevel = true,
        });
    }

    /// <summary>Path of the tokenizer.json this was loaded from.</summary>
    public string SourcePath { get; }

    /// <summary>Number of distinct ids: the model vocabulary plus added tokens not already in it.</summary>
    public int VocabularySize { get; }

    /// <summary>The BPE model vocabulary (byte-level token text → id), without added tokens.</summary>
    public IReadOnlyDictionary<string, int> Vocabulary { get; }

    /// <summary>The merge rules in rank order.</summary>
    public IReadOnlyList<BpeMerge> Merges { get; }

    /// <summary>The <c>added_tokens</c> entries in file order.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>Loads <paramref name="fileOrDirectory"/> (a tokenizer.json, or a folder holding one).</summary>
    /// <exception cref="TokenizerFormatException">The file is missing, too large, malformed or inconsistent.</exception>
    /// <exception cref="TokenizerNotSupportedException">The file uses a feature outside byte-level BPE.</exception>
    public static HfTokenizer Load(string fileOrDirectory, HfTokenizerOptions? options = null)
    {
        options ??= HfTokenizerOptions.Default;
        string path = Directory.Exists(fileOrDirectory) ? Path.Combine(fileOrDirectory, "tokenizer.json") : fileOrDirectory;
        using JsonDocument doc = BoundedJson.Read(path, options.MaxFileBytes, options.MaxJsonDepth);
        JsonFields f = new(path);
        JsonElement root = f.Object(doc.RootElement, "(root)");
        ModelSection model = ModelSection.Parse(root, f);
        PipelineSection pipeline = PipelineSection.Parse(root, f, options);
        List<AddedToken> added = AddedTokensSection.Parse(root, f, model.Vocabulary);
        return new HfTokenizer(path, model, pipeline, added, f);
    }

    /// <summary>Encodes text to ids. Special added tokens written in the text are recognised unless
    /// <paramref name="recognizeSpecialTokens"/> is false (HF <c>split_special_tokens</c>); the post-processor's
    /// template tokens (for example a BOS) are added only when <paramref name="addSpecialTokens"/> is true.</summary>
    public IReadOnlyList<int> Encode(string text, bool recognizeSpecialTokens = true, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<int> ids = [];
        if (addSpecialTokens)
        {
            ids.AddRange(_prefixIds);
        }

        List<Segment> raw = [], normalized = [];
        List<string> pieces = [], scratch = [];
        _rawMatcher.Split(ReplaceLoneSurrogates(text), recognizeSpecialTokens, raw);
        foreach (Segment seg in raw)
        {
            if (seg.TokenId >= 0)
            {
                ids.Add(seg.TokenId);
                continue;
            }

            normalized.Clear();
            _normalizedMatcher.Split(Normalize(seg.Text), recognizeSpecialTokens, normalized);
            foreach (Segment part in normalized)
            {
                if (part.TokenId >= 0)
                {
                    ids.Add(part.TokenId);
                }
                else
                {
                    EncodeText(part.Text, ids, pieces, scratch);
                }
            }
        }

        if (addSpecialTokens)
        {
            ids.AddRange(_suffixIds);
        }

        return ids;
    }

    /// <summary>Decodes ids to text (invalid UTF-8 becomes U+FFFD, as in HF).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        List<byte> bytes = [];
        foreach (int id in ids)
        {
            if (_addedById.TryGetValue(id, out AddedToken? added) && added.Special && skipSpecialTokens)
            {
                continue;
            }

            if (!_idToToken.TryGetValue(id, out string? token))
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id {id} is not in the vocabulary of {Path.GetFileName(SourcePath)} (size {VocabularySize}).");
            }

            ByteLevelAlphabet.AppendBytes(token, bytes);
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>The id of a token (vocabulary or added), or null.</summary>
    public int? TokenToId(string token)
        => _vocab.TryGetValue(token, out int id) ? id : AddedTokens.FirstOrDefault(t => t.Content == token)?.Id;

    /// <summary>The text of a token id (byte-level form for vocabulary tokens), or null.</summary>
    public string? IdToToken(int id) => _idToToken.GetValueOrDefault(id);

    private void EncodeText(string text, List<int> ids, List<string> pieces, List<string> scratch)
    {
        pieces.Clear();
        pieces.Add(text);
        foreach (IPreTokenizerStep step in _pipeline.PreTokenizers)
        {
            scratch.Clear();
            foreach (string piece in pieces)
            {
                step.Apply(piece, scratch);
            }

            (pieces, scratch) = (scratch, pieces);
        }

        foreach (string piece in pieces)
        {
            if (_ignoreMerges && _vocab.TryGetValue(ByteLevelAlphabet.Encode(piece), out int whole))
            {
                ids.Add(whole);
                continue;
            }

            if (piece.Length <= MaxCachedPieceLength && _pieceCache.TryGetValue(piece, out int[]? cached))
            {
                ids.AddRange(cached);
                continue;
            }

            int[] encoded = [.. _bpe.EncodeToIds(piece, considerPreTokenization: false, considerNormalization: false)];
            if (piece.Length <= MaxCachedPieceLength && Volatile.Read(ref _cachedPieces) < MaxCachedPieces && _pieceCache.TryAdd(piece, encoded))
            {
                Interlocked.Increment(ref _cachedPieces);
            }

            ids.AddRange(encoded);
        }
    }

    private string Normalize(string text)
    {
        foreach (NormalizationForm form in _pipeline.Normalization)
        {
            if (!text.IsNormalized(form))
            {
                text = text.Normalize(form);
            }
        }

        return text;
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text;
        }

        StringBuilder sb = new(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else
            {
                sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return sb.ToString();
    }

    private int Resolve(string token, JsonFields f)
        => TokenToId(token) ?? throw f.Error("post_processor", $"names the token \"{token}\", which is neither in model.vocab nor in added_tokens.");
}
