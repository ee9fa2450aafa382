namespace Tournament.Plugins.KlDistil.Teacher;

/// <summary>
/// Generates one continuation with top-k log-probabilities. Implementations throw
/// <see cref="TeacherUnavailableException"/> for infrastructure problems (the round's teacher step is then deferred).
/// </summary>
internal interface ITeacherBackend : IDisposable
{
    /// <summary>Identifies the teacher and its content/revision: part of the cache key.</summary>
    string Identity { get; }

    /// <summary>The teacher's vocabulary size.</summary>
    int VocabSize { get; }

    /// <summary>Encodes raw prompt text (no chat template, special tokens not recognised) with the teacher's tokenizer.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>Continues <paramref name="promptIds"/>.</summary>
    /// <param name="promptIds">The prompt ids.</param>
    /// <param name="settings">Length, k and sampling settings.</param>
    /// <param name="seed">The sampling seed (ignored when greedy).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    TeacherGeneration Generate(IReadOnlyList<int> promptIds, TeacherSettings settings, ulong seed, CancellationToken cancellationToken);

    /// <summary>
    /// The teacher as a model in this process, loaded on first use (dense KL needs its full distribution); null when
    /// the backend is remote and only returns top-k log-probabilities.
    /// </summary>
    Inference.Models.DecoderModel? LocalModel();
}

/// <summary>The teacher could not produce a usable answer (infrastructure, never a miner's fault).</summary>
internal sealed class TeacherUnavailableException : Exception
{
    public TeacherUnavailableException()
    {
    }

    public TeacherUnavailableException(string message)
        : base(message)
    {
    }

    public TeacherUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
