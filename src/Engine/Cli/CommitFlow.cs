using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Engine.Composition;

namespace Tournament.Engine.Cli;

/// <summary>What <c>tournament commit</c> published.</summary>
/// <param name="Hotkey">The hotkey.</param>
/// <param name="Block">The block the commitment was included in.</param>
/// <param name="Index">Its index inside the block.</param>
/// <param name="Model">The pinned model.</param>
/// <param name="Data">The commitment string.</param>
internal sealed record CommitResult(string Hotkey, long Block, int Index, string Model, string Data);

/// <summary>The miner's side: resolves a model reference (pinning it when needed) and commits it on the chain.</summary>
internal static class CommitFlow
{
    public static async Task<CommitResult> CommitAsync(ModeComposition composition, string hotkey, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(composition);
        if (string.IsNullOrWhiteSpace(hotkey) || hotkey.Length > 128 || hotkey.Any(char.IsWhiteSpace))
        {
            throw RoundCommandErrors.Input("--hotkey must be 1-128 characters without spaces.");
        }

        var model = await ResolveAsync(composition.Storage, reference, cancellationToken).ConfigureAwait(false);
        var data = CommitmentData(model);
        var commitment = await composition.Chain.Component.CommitAsync(hotkey, data, cancellationToken).ConfigureAwait(false);
        return new CommitResult(commitment.Hotkey, commitment.Block, commitment.Index, model.ToString(), commitment.Data);
    }

    /// <summary>The commitment string: <c>{"model":"owner/name","revision":"…"}</c>.</summary>
    /// <param name="model">The pinned model.</param>
    public static string CommitmentData(ModelRef model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["model"] = model.Repo, ["revision"] = model.Revision });
    }

    /// <summary>Parses <c>owner/name@revision</c>, or pins <c>owner/name</c> through the first storage backend.</summary>
    /// <param name="storage">The configured storage backends.</param>
    /// <param name="reference">The reference the user typed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<ModelRef> ResolveAsync(IReadOnlyList<NamedComponent<IStorageBackend>> storage, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var text = reference?.Trim() ?? "";
        if (text.Contains('@', StringComparison.Ordinal))
        {
            return ModelRef.TryParse(text, out var pinned, out var error)
                ? pinned!
                : throw RoundCommandErrors.Input($"--model: {error}");
        }

        if (!ModelRef.IsValidRepo(text))
        {
            throw RoundCommandErrors.Input($"--model '{(text.Length > 120 ? text[..120] + "…" : text)}' is not owner/name or owner/name@revision.");
        }

        if (storage.Count == 0)
        {
            throw RoundCommandErrors.Input("No storage backend is configured to pin the model; give --model owner/name@revision.");
        }

        var first = storage[0];
        var result = await first.Component.PinAsync(text, null, cancellationToken).ConfigureAwait(false);
        return result.Match(
            model => model,
            dq => throw RoundCommandErrors.Input($"The storage backend '{first.Name}' cannot pin '{text}': {dq.Message}"),
            deferred => throw RoundCommandErrors.Input($"The storage backend '{first.Name}' could not pin '{text}' ({deferred.Reason}); give --model owner/name@revision."));
    }
}
