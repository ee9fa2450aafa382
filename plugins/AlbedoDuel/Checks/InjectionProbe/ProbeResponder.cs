using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Generation;
using Tournament.Plugins.AlbedoDuel.Generation;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>The probes got no answer (the model did not load, generation failed): the check defers.</summary>
internal sealed class ProbeUnansweredException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Answers probe conversations with the challenger's model: one reply per probe, in order.</summary>
internal interface IProbeResponder
{
    /// <exception cref="ProbeUnansweredException">No answer could be produced.</exception>
    Task<IReadOnlyList<string>> AnswerAsync(string modelFolder, IReadOnlyList<Probe> probes, CancellationToken cancellationToken);
}

/// <summary>
/// The project's runtime (<see cref="LocalChatModel"/>, as the duel uses it) answering greedily (temperature 0): each
/// probe rendered with the canonical chat template (never the miner's), all probes in one batch. A model that does not
/// load or a failed batch throws <see cref="ProbeUnansweredException"/>: the check defers (the files are the other
/// checks' business).
/// </summary>
internal sealed class LocalProbeResponder(InjectionProbeOptions options, ChatTemplate template) : IProbeResponder
{
    private readonly LocalRuntimeSettings _settings = options.Runtime(options.MaxNewTokens, temperature: 0);

    public Task<IReadOnlyList<string>> AnswerAsync(string modelFolder, IReadOnlyList<Probe> probes, CancellationToken cancellationToken) =>
        Task.Run(() => Answer(modelFolder, probes, cancellationToken), cancellationToken);

    private IReadOnlyList<string> Answer(string folder, IReadOnlyList<Probe> probes, CancellationToken cancellationToken)
    {
        try
        {
            using var model = LocalChatModel.Load(folder, template, _settings);
            var requests = probes.Select(p => new GenerationRequest(model.Render(p.Messages))).ToList();
            return [.. model.Generate(requests, cancellationToken).Select(r => r.Text!)];
        }
        catch (Exception ex) when (LocalChatModel.IsLoadFailure(ex) || LocalChatModel.IsGenerationFailure(ex))
        {
            throw new ProbeUnansweredException($"The challenger's model could not answer the probes: {ex.Message}", ex);
        }
    }
}
