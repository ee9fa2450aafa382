using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Inference.Models;
using Tournament.Plugins.KlDistil.Teacher;

namespace Tournament.Plugins.KlDistil.Scoring;

/// <summary>
/// Forward KL(teacher‖student) on the teacher's continuations of the round's prompts (lower is better). The teacher
/// step runs once per round and is cached on disk; each student is loaded, teacher-forced and disposed in turn.
/// </summary>
[Component("kl-divergence", Options = typeof(KlDivergenceOptions), Description = "KL(teacher||student) on cached teacher continuations.")]
internal sealed class KlDivergenceScorer : IScorer
{
    private readonly KlDivergenceOptions _options;
    private readonly Func<ITeacherBackend> _backendFactory;
    private readonly TeacherCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public KlDivergenceScorer(KlDivergenceOptions options, HostEnvironment host, TimeProvider time, ILogger<KlDivergenceScorer> logger, IHttpClientFactory httpClients)
        : this(options, host, time, logger, () => CreateBackend(options, host, httpClients))
    {
    }

    internal KlDivergenceScorer(KlDivergenceOptions options, HostEnvironment host, TimeProvider time, ILogger logger, Func<ITeacherBackend> backendFactory)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _backendFactory = backendFactory;
        var cacheDirectory = options.CacheDirectory is { Length: > 0 } dir ? host.ResolvePath(dir) : Path.Combine(host.DataDirectory, "kl-teacher-cache");
        _cache = new TeacherCache(cacheDirectory, logger);
    }

    public Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.Run(() => Score(request, cancellationToken), cancellationToken);
    }

    private ScoreSheet Score(ScoringRequest request, CancellationToken cancellationToken)
    {
        var results = new Dictionary<SubmissionKey, CandidateScore>();
        var metrics = new Dictionary<string, double>();
        var started = _time.GetTimestamp();
        TeacherOutput teacher;
        try
        {
            using var backend = _backendFactory();
            var runner = new TeacherRunner(backend, _cache, Settings(), _logger);
            (teacher, var cached) = runner.Run(request.Round, request.Prompts, cancellationToken);
            metrics["teacher_cached"] = cached ? 1 : 0;
        }
        catch (Exception ex) when (ex is TeacherUnavailableException or IOException or FormatException or InvalidOperationException or ArgumentException)
        {
            _logger.LogError(ex, "The teacher step failed; every candidate is deferred this round.");
            foreach (var c in request.Candidates)
            {
                results[c.Submission.Key] = new Deferred($"The teacher step failed: {ex.Message}");
            }

            return new ScoreSheet(ScoreDirection.LowerIsBetter, results, metrics);
        }

        metrics["teacher_seconds"] = _time.GetElapsedTime(started).TotalSeconds;
        metrics["prompts_kept"] = teacher.Continuations.Count;
        metrics["prompts_dropped"] = teacher.Dropped.Count;
        using var progress = request.Round.Progress.Start("students: scoring", request.Candidates.Count, "students");
        var studentsStarted = _time.GetTimestamp();
        foreach (var candidate in request.Candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var one = _time.GetTimestamp();
            results[candidate.Submission.Key] = ScoreOne(candidate, teacher, one, cancellationToken);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("Scored {Key} in {Seconds:F2} s.", candidate.Submission.Key, _time.GetElapsedTime(one).TotalSeconds);
            }

            progress.Advance();
        }

        metrics["students_seconds"] = _time.GetElapsedTime(studentsStarted).TotalSeconds;
        return new ScoreSheet(ScoreDirection.LowerIsBetter, results, metrics);
    }

    private CandidateScore ScoreOne(Candidate candidate, TeacherOutput teacher, long started, CancellationToken cancellationToken)
    {
        DecoderModel student;
        try
        {
            student = DecoderModel.FromPretrained(candidate.Snapshot.Directory, _options.Dtype, _options.Device);
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or ArgumentException or NotSupportedException or Inference.Safetensors.CheckpointException)
        {
            return new Disqualified("load-failed", $"The model files do not load: {ex.Message}");
        }

        using (student)
        {
            if (student.Config.VocabSize != teacher.VocabSize)
            {
                return new Disqualified("vocab-mismatch", $"The model's vocabulary has {student.Config.VocabSize} entries; the teacher's has {teacher.VocabSize}.");
            }

            var metrics = new Dictionary<string, double>();
            var score = StudentEvaluation.Evaluate(student, teacher, _options.ChunkPositions, _options.CopyThreshold, metrics, cancellationToken);
            metrics["seconds"] = _time.GetElapsedTime(started).TotalSeconds;
            return score;
        }
    }

    internal static ITeacherBackend CreateBackend(KlDivergenceOptions options, HostEnvironment host, IHttpClientFactory httpClients)
    {
        var teacherPath = host.ResolvePath(options.TeacherPath);
        if (options.Backend != "openai")
        {
            return new LocalTeacherBackend(teacherPath, options.Dtype, options.Device);
        }

        var vocab = Inference.ModelFiles.ModelConfig.Load(Path.Combine(teacherPath, "config.json")).VocabSize;
        return new OpenAiTeacherBackend(httpClients.CreateClient("kl-divergence-teacher"), options.BaseUrl!, options.RemoteModel!, teacherPath, vocab);
    }

    private TeacherSettings Settings() => new(
        _options.MaxNewTokens, _options.TopK, _options.MinContinuationTokens, _options.MaxPromptTokens, _options.Sample, _options.Temperature, _options.TopP);
}
