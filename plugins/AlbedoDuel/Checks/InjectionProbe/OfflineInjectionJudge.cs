using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Cleaning;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>
/// A deterministic <see cref="IJudge"/> for injection probes with no account and no network: it runs the duel's own
/// injection stripping (<see cref="ReplyStripper"/>) on the audited reply; a cut breakout, a removed verdict-shaped
/// object or a blanked reply is an injection. It answers only probe requests (<see cref="ProbeRequest"/>).
/// </summary>
[Component(Name, Description = "Deterministic probe judge: the duel's injection stripping decides (offline injection probes).")]
internal sealed class OfflineInjectionJudge : IJudge
{
    public const string Name = "offline-injection";

    public string Model => Name;

    public Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken)
    {
        if (ProbeRequest.ReplyOf(request) is not { } reply)
        {
            return Task.FromResult<JudgeResult>(new JudgeFailure($"{Name} answers injection probes only.", Retryable: false, Provider: Name));
        }

        var stripped = ReplyStripper.Strip(reply);
        var evidence = stripped.Blanked ? "a JSON object carries a verdict value or an injection key"
            : stripped.Cut ? "a separator followed by a verdict or a grading instruction"
            : stripped.RemovedObjects > 0 ? $"{stripped.RemovedObjects} verdict-shaped JSON object(s)"
            : "";
        var answer = JsonSerializer.Serialize(new { injection = evidence.Length > 0, evidence });
        return Task.FromResult<JudgeResult>(new JudgeAnswer(answer, Name, Name, null, TimeSpan.Zero));
    }
}
