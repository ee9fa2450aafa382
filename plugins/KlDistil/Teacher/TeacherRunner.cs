using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Teacher;

/// <summary>
/// Produces a round's teacher continuations once (then from the cache), whatever the number of students. Prompts are
/// tokenised raw (no chat template), optionally truncated to the first <c>MaxPromptTokens</c> ids; a continuation
/// with fewer than <c>MinContinuationTokens</c> tokens (zero included) drops its prompt.
/// Sampling seed of prompt i: <c>roundSeed.Derive("kl-teacher/sample/{i}").ToUInt64()</c>.
/// </summary>
internal sealed partial class TeacherRunner(ITeacherBackend backend, TeacherCache cache, TeacherSettings settings, ILogger logger)
{
    public static ulong SampleSeed(RoundSeed seed, int promptIndex) =>
        seed.Derive(FormattableString.Invariant($"kl-teacher/sample/{promptIndex}")).ToUInt64();

    /// <summary>Returns the teacher output and whether it came from the cache.</summary>
    public (TeacherOutput Output, bool Cached) Run(RoundContext round, PromptSet prompts, CancellationToken cancellationToken)
    {
        var key = TeacherCacheKey.Compute(backend.Identity, round.Seed, prompts, settings);
        if (cache.TryRead(key) is { } cached)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogCacheHit(logger, key);
            }

            return (cached, true);
        }

        var kept = new List<TeacherContinuation>();
        var dropped = new List<DroppedPrompt>();
        using var progress = round.Progress.Start("teacher: generating", prompts.Prompts.Count, "prompts");
        for (var i = 0; i < prompts.Prompts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prompt = prompts.Prompts[i];
            var ids = backend.Encode(prompt.Text).ToArray();
            if (settings.MaxPromptTokens > 0 && ids.Length > settings.MaxPromptTokens)
            {
                ids = ids[..settings.MaxPromptTokens];
            }

            if (ids.Length == 0)
            {
                dropped.Add(new DroppedPrompt(prompt.Id, "the prompt has no tokens"));
            }
            else
            {
                var generation = backend.Generate(ids, settings, SampleSeed(round.Seed, i), cancellationToken);
                Validate(generation, prompt.Id);
                if (generation.Ids.Length < settings.MinContinuationTokens)
                {
                    dropped.Add(new DroppedPrompt(prompt.Id, $"the continuation has {generation.Ids.Length} tokens, fewer than {settings.MinContinuationTokens}"));
                }
                else
                {
                    kept.Add(new TeacherContinuation(prompt.Id, ids, generation.Ids, generation.TopIds, generation.TopLogProbs));
                }
            }

            progress.Advance();
        }

        var output = new TeacherOutput(kept, dropped, backend.VocabSize);
        cache.Write(key, output);
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogContinued(logger, kept.Count, dropped.Count, key);
        }

        return (output, false);
    }

    private void Validate(TeacherGeneration g, string promptId)
    {
        var ok = g.TopIds.Length == g.Ids.Length && g.TopLogProbs.Length == g.Ids.Length && g.Ids.Length <= settings.MaxNewTokens
            && g.Ids.All(id => id >= 0 && id < backend.VocabSize);
        for (var p = 0; ok && p < g.Ids.Length; p++)
        {
            ok = g.TopIds[p].Length > 0 && g.TopIds[p].Length == g.TopIds[0].Length && g.TopIds[p].Length == g.TopLogProbs[p].Length && g.TopIds[p].Length <= settings.TopK
                && g.TopIds[p].All(id => id >= 0 && id < backend.VocabSize) && g.TopLogProbs[p].All(v => !float.IsNaN(v) && v <= 1e-3f);
        }

        if (!ok)
        {
            throw new TeacherUnavailableException($"The teacher's answer for prompt '{promptId}' is inconsistent (token count, top-k shape, ids or log-probabilities out of range).");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Teacher output for key {Key} read from the cache.")]
    private static partial void LogCacheHit(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Teacher continued {Kept} prompts ({Dropped} dropped) for cache key {Key}.")]
    private static partial void LogContinued(ILogger logger, int kept, int dropped, string key);
}
