using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>vocab_size (top level or in text_config) equals the teacher's; embedding and lm_head rows in the headers agree.</summary>
[Component("vocab", Options = typeof(VocabOptions), Description = "Student vocab_size (top level or text_config) equals the teacher's; embedding rows agree.")]
internal sealed class VocabCheck : IAntiCheatCheck
{
    public const string Name = "vocab";
    private readonly long _teacherVocab;

    public VocabCheck(VocabOptions options, HostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _teacherVocab = options.TeacherVocabSize > 0 ? options.TeacherVocabSize : ReadTeacherVocab(environment.ResolvePath(options.TeacherPath!));
    }

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ModelMetadata.Find(context.Description, "config.json") is null)
        {
            return CheckOutcome.Disqualify(Name, "The model has no config.json, so its vocab_size is unknown; add the Hugging Face config.");
        }

        var (doc, outcome) = await ModelMetadata.ReadJsonAsync(context, "config.json", Name, cancellationToken).ConfigureAwait(false);
        if (outcome is not null)
        {
            return outcome;
        }

        long vocab;
        using (doc)
        {
            if (ModelMetadata.Property(doc!.RootElement, "vocab_size") is not { ValueKind: JsonValueKind.Number } v || !v.TryGetInt64(out vocab))
            {
                return CheckOutcome.Disqualify(Name, "config.json has no integer vocab_size (top level or in text_config); add it.");
            }
        }

        if (vocab != _teacherVocab)
        {
            return CheckOutcome.Disqualify(Name, $"vocab_size is {vocab} but the teacher's is {_teacherVocab}; the student must use the teacher's vocabulary.");
        }

        var (headers, stop) = await ModelMetadata.ReadHeadersAsync(context, Name, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        foreach (var (file, header) in headers)
        {
            foreach (var tensor in header.Tensors.Where(t => IsVocabMatrix(t.Name)))
            {
                if (tensor.Shape.Count != 2 || tensor.Shape[0] != vocab)
                {
                    return CheckOutcome.Disqualify(Name, $"Tensor '{tensor.Name}' in {file.Path} has shape [{string.Join(", ", tensor.Shape)}]; its rows must equal vocab_size {vocab}.");
                }
            }
        }

        return CheckOutcome.Pass();
    }

    internal static bool IsVocabMatrix(string name) =>
        name.EndsWith("embed_tokens.weight", StringComparison.Ordinal) || name == "lm_head.weight" || name.EndsWith(".lm_head.weight", StringComparison.Ordinal);

    private static long ReadTeacherVocab(string folder)
    {
        var path = Path.Combine(folder, "config.json");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (ModelMetadata.Property(doc.RootElement, "vocab_size") is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var vocab) && vocab > 0)
            {
                return vocab;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidOperationException($"Components:vocab:TeacherPath: cannot read {path} ({ex.Message}); point it at the teacher's folder or set TeacherVocabSize.", ex);
        }

        throw new InvalidOperationException($"Components:vocab:TeacherPath: {path} has no positive vocab_size; set TeacherVocabSize instead.");
    }
}
