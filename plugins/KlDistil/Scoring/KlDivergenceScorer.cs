using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Inference.Models;
using Tournament.Plugins.KlDistil.Teacher;

namespace Tournament.Plugins.KlDistil.Scoring;

/// <summary>
/// Forward KL(teacher‖student) on the teacher's continuations of the round's prompts (lower is better). The teacher
/// step runs once per round and is cached on disk; each student is loaded, teacher-forced and disposed in turn.
/// Sparse mode uses the teacher's cached top-k; dense mode keeps the teacher loaded and uses its full distribution
/// from one teacher-forced forward per prompt (kept between students within <c>DenseCacheMiB</c>).
/// </summary>
[Component("kl-divergence", Options = typeof(KlDivergenceOptions), Description = "KL(teacher||student) on cached teacher continuations.")]
internal sealed partial class KlDivergenceScorer : IScorer
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
        _cache.DeleteStaleTemporaryFiles(time.GetUtcNow());
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
        // The backend (and a local teacher model) is released right after the teacher step, except in dense mode, where
        // the teacher stays loaded while the students are scored.
        ITeacherBackend? backend = _backendFactory();
        TeacherOutput teacher;
        DenseTeacherLogits? dense = null;
        try
        {
            var runner = new TeacherRunner(backend, _cache, Settings(), _logger);
            (teacher, var cached) = runner.Run(request.Round, request.Prompts, cancellationToken);
            metrics["teacher_cached"] = cached ? 1 : 0;
            if (_options.Mode == KlMode.Dense)
            {
                var model = backend.LocalModel() ?? throw new TeacherUnavailableException("Dense KL needs the teacher in this process, but the teacher backend is remote.");
                dense = new DenseTeacherLogits(model, _options.DenseCacheMiB << 20);
            }
            else
            {
                backend.Dispose();
                backend = null;
            }
        }
        catch (Exception ex) when (ex is TeacherUnavailableException or IOException or FormatException or InvalidOperationException or ArgumentException or NotSupportedException or Inference.Safetensors.CheckpointException)
        {
            backend?.Dispose();
            LogTeacherFailed(_logger, ex);
            foreach (var c in request.Candidates)
            {
                results[c.Submission.Key] = new Deferred($"The teacher step failed: {ex.Message}");
            }

            return new ScoreSheet(ScoreDirection.LowerIsBetter, results, metrics);
        }

        using (backend)
        using (dense)
        {
            metrics["teacher_seconds"] = _time.GetElapsedTime(started).TotalSeconds;
            metrics["prompts_kept"] = teacher.Continuations.Count;
            metrics["prompts_dropped"] = teacher.Dropped.Count;
            IKlMeasure measure = dense is null ? new SparseKlMeasure(_options.ChunkPositions) : new DenseKlMeasure(dense, _options.ChunkPositions);
            using var progress = request.Round.Progress.Start("students: scoring", request.Candidates.Count, "students");
            var studentsStarted = _time.GetTimestamp();
            foreach (var candidate in request.Candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var one = _time.GetTimestamp();
                results[candidate.Submission.Key] = ScoreOne(candidate, teacher, measure, one, cancellationToken);
                var seconds = _time.GetElapsedTime(one).TotalSeconds;
                LogScored(_logger, candidate.Submission.Key, seconds);

                progress.Advance();
            }

            metrics["students_seconds"] = _time.GetElapsedTime(studentsStarted).TotalSeconds;
            if (dense is not null)
            {
                metrics["dense_teacher_forwards"] = dense.Forwards;
                metrics["dense_teacher_kept_mib"] = dense.KeptBytes / (1024.0 * 1024.0);
            }
        }

        return new ScoreSheet(ScoreDirection.LowerIsBetter, results, metrics);
    }

    private CandidateScore ScoreOne(Candidate candidate, TeacherOutput teacher, IKlMeasure measure, long started, CancellationToken cancellationToken)
    {
        DecoderModel student;
        try
        {
            student = DecoderModel.FromPretrained(candidate.Snapshot.Directory, _options.Dtype.RuntimeName(), _options.Device);
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or ArgumentException or NotSupportedException or Inference.Safetensors.CheckpointException)
        {
            return new Disqualified(ReasonCodes.LoadFailed, $"The model files do not load: {ex.Message}");
        }

        using (student)
        {
            if (student.Config.VocabSize != teacher.VocabSize)
            {
                return new Disqualified("vocab-mismatch", $"The model's vocabulary has {student.Config.VocabSize} entries; the teacher's has {teacher.VocabSize}.");
            }

            var metrics = new Dictionary<string, double>();
            var score = StudentEvaluation.Evaluate(student, teacher, measure, _options.CrossCheck, _options.CopyThreshold, metrics, cancellationToken);
            metrics["seconds"] = _time.GetElapsedTime(started).TotalSeconds;
            return score;
        }
    }

    internal static ITeacherBackend CreateBackend(KlDivergenceOptions options, HostEnvironment host, IHttpClientFactory httpClients)
    {
        var teacherPath = host.ResolvePath(options.TeacherPath);
        if (options.Backend != TeacherBackendKind.OpenAI)
        {
            return new LocalTeacherBackend(teacherPath, options.Dtype.RuntimeName(), options.Device);
        }

        var vocab = Inference.ModelFiles.ModelConfig.Load(Path.Combine(teacherPath, "config.json")).VocabSize;
        return new OpenAiTeacherBackend(httpClients.CreateClient("kl-divergence-teacher"), options.BaseUrl!, options.RemoteModel!, teacherPath, vocab);
    }

    private TeacherSettings Settings() => new(
        _options.MaxNewTokens, _options.TopK, _options.MinContinuationTokens, _options.MaxPromptTokens, _options.Sample, _options.Temperature, _options.TopP);

    [LoggerMessage(Level = LogLevel.Error, Message = "The teacher step failed; every candidate is deferred this round.")]
    private static partial void LogTeacherFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scored {Key} in {Seconds:F2} s.")]
    private static partial void LogScored(ILogger logger, SubmissionKey key, double seconds);
}
