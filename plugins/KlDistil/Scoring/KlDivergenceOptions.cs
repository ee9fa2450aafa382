using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.KlDistil.Scoring;

/// <summary>Options of the <c>kl-divergence</c> scorer (section <c>Components:kl-divergence</c>).</summary>
public sealed class KlDivergenceOptions : IValidatableObject
{
    /// <summary>The teacher model folder (HF layout: config.json, tokenizer.json, *.safetensors).</summary>
    [Required]
    public string TeacherPath { get; set; } = "";

    /// <summary>Teacher backend: <c>local</c> (the project's runtime) or <c>openai</c> (a remote OpenAI-compatible server).</summary>
    public TeacherBackendKind Backend { get; set; } = TeacherBackendKind.Local;

    /// <summary>Base URL of the <c>openai</c> backend (for example <c>http://10.0.0.5:8000/</c>).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The model name sent to the <c>openai</c> backend.</summary>
    public string? RemoteModel { get; set; }

    /// <summary>Teacher top-k log-probabilities kept per generated token.</summary>
    [Range(1, 100_000)]
    public int TopK { get; set; } = 128;

    /// <summary>New tokens the teacher generates per prompt.</summary>
    [Range(1, 100_000)]
    public int MaxNewTokens { get; set; } = 512;

    /// <summary>Prompts whose continuation is shorter are dropped.</summary>
    [Range(1, 100_000)]
    public int MinContinuationTokens { get; set; } = 10;

    /// <summary>Prompt ids kept (the first ones); 0 keeps all.</summary>
    [Range(0, 1_000_000)]
    public int MaxPromptTokens { get; set; }

    /// <summary>Sample the teacher (seeded by round seed and prompt index) instead of greedy decoding.</summary>
    public bool Sample { get; set; }

    /// <summary>Sampling temperature.</summary>
    [Range(0.01, 10.0)]
    public double Temperature { get; set; } = 0.7;

    /// <summary>Sampling nucleus.</summary>
    [Range(0.01, 1.0)]
    public double TopP { get; set; } = 0.9;

    /// <summary>
    /// <c>sparse</c> (default: the teacher's top-k, renormalised) or <c>dense</c> (the full vocabulary, float32; needs
    /// the <c>local</c> backend, whose teacher stays loaded while students are scored).
    /// </summary>
    public KlMode Mode { get; set; } = KlMode.Sparse;

    /// <summary>
    /// Dense mode: MiB of teacher logits kept between students (on the model's device); prompts beyond it are
    /// re-forwarded through the teacher for each student. 0 re-forwards every prompt for every student.
    /// </summary>
    [Range(0, 1 << 30)]
    public long DenseCacheMiB { get; set; } = 4096;

    /// <summary>
    /// Also compute every scored position in float64 with an independent plain-loop implementation and record the
    /// largest differences in each candidate's metrics (an audit: copies the logits to the CPU, costs time).
    /// </summary>
    public bool CrossCheck { get; set; }

    /// <summary>Positions per KL chunk (bounds memory).</summary>
    [Range(1, 100_000)]
    public int ChunkPositions { get; set; } = 32;

    /// <summary>Model dtype: f32, bf16 or f16.</summary>
    public ModelDtype Dtype { get; set; } = ModelDtype.F32;

    /// <summary>Device: cpu or cuda[:N].</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>A mean KL at or below this is a teacher copy.</summary>
    [Range(0.0, 1.0)]
    public double CopyThreshold { get; set; } = 1e-6;

    /// <summary>Teacher cache folder; default <c>{DataDirectory}/kl-teacher-cache</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var undefined = new[]
        {
            OptionEnums.Undefined(Backend, nameof(Backend)),
            OptionEnums.Undefined(Mode, nameof(Mode)),
            OptionEnums.Undefined(Dtype, nameof(Dtype)),
        };
        foreach (var problem in undefined.OfType<ValidationResult>())
        {
            yield return problem;
        }

        if (Backend == TeacherBackendKind.OpenAI && (BaseUrl is null || !BaseUrl.IsAbsoluteUri || string.IsNullOrWhiteSpace(RemoteModel)))
        {
            yield return new ValidationResult("The openai backend needs an absolute BaseUrl and a RemoteModel name.", [nameof(BaseUrl), nameof(RemoteModel)]);
        }

        if (Mode == KlMode.Dense && Backend == TeacherBackendKind.OpenAI)
        {
            yield return new ValidationResult("Mode \"dense\" needs the teacher's full distribution, which the openai backend does not return (top-k only); use Backend \"local\" or Mode \"sparse\".", [nameof(Mode), nameof(Backend)]);
        }
    }
}
