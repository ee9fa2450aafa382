namespace Tournament.Inference.Tokenizers;

/// <summary>A tokenizer file (tokenizer.json, tokenizer_config.json, generation_config.json) is malformed, hostile or
/// inconsistent. <see cref="Exception.Message"/> is one sentence naming the file, the field and the fix.</summary>
public sealed class TokenizerFormatException : Exception
{
    public TokenizerFormatException(string file, string field, string problem, Exception? inner = null)
        : base($"{Path.GetFileName(file)}: {field}: {problem}", inner)
    {
        File = file;
        Field = field;
    }

    public TokenizerFormatException() { File = ""; Field = ""; }

    public TokenizerFormatException(string message) : base(message) { File = ""; Field = ""; }

    public TokenizerFormatException(string message, Exception inner) : base(message, inner) { File = ""; Field = ""; }

    /// <summary>Path of the offending file.</summary>
    public string File { get; }

    /// <summary>JSON path of the offending field (for example <c>model.merges[12]</c>).</summary>
    public string Field { get; }
}

/// <summary>The tokenizer uses a feature this loader does not implement (for example a WordPiece model).</summary>
public sealed class TokenizerNotSupportedException : NotSupportedException
{
    public TokenizerNotSupportedException(string file, string field, string problem)
        : base($"{Path.GetFileName(file)}: {field}: {problem} is not supported; only byte-level BPE tokenizers (GPT-2/Llama-3/Qwen style) can be loaded.")
    {
        File = file;
        Field = field;
    }

    public TokenizerNotSupportedException() { File = ""; Field = ""; }

    public TokenizerNotSupportedException(string message) : base(message) { File = ""; Field = ""; }

    public TokenizerNotSupportedException(string message, Exception inner) : base(message, inner) { File = ""; Field = ""; }

    public string File { get; }

    public string Field { get; }
}
