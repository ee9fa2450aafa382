namespace Tournament.Inference.ModelFiles;

/// <summary>A model's config.json or generation_config.json is unusable. The message names the file and the key.</summary>
public sealed class ModelConfigException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file.</param>
    /// <param name="key">The offending key (dotted path).</param>
    /// <param name="problem">What is wrong and how to fix it.</param>
    public ModelConfigException(string file, string key, string problem)
        : base($"{file}: {key}: {problem}")
    {
        File = file;
        Key = key;
    }

    /// <summary>Creates the exception.</summary>
    public ModelConfigException()
    {
        File = string.Empty;
        Key = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ModelConfigException(string message)
        : base(message)
    {
        File = string.Empty;
        Key = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="inner">The cause.</param>
    public ModelConfigException(string message, Exception inner)
        : base(message, inner)
    {
        File = string.Empty;
        Key = string.Empty;
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>The key.</summary>
    public string Key { get; }
}
