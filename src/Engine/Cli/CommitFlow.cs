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
    /// <summary>
    /// Commits <paramref name="reference"/> for <paramref name="hotkey"/>. Refused (exit 2) when no configured storage
    /// backend serves the pinned revision (the round would disqualify it as unsupported-storage), and when the hotkey
    /// already has a different commitment (only the first counts, so a second is ignored) unless <paramref name="force"/>.
    /// An identical commitment already on chain is returned as it is, not published again.
    /// </summary>
    public static async Task<CommitResult> CommitAsync(ModeComposition composition, string hotkey, string reference, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(composition);
        if (string.IsNullOrWhiteSpace(hotkey) || hotkey.Length > 128 || hotkey.Any(char.IsWhiteSpace))
        {
            throw RoundCommandErrors.Input("--hotkey must be 1-128 characters without spaces.");
        }

        var model = await ResolveAsync(composition.Storage, reference, cancellationToken).ConfigureAwait(false);
        if (!composition.Storage.Any(s => s.Component.CanResolve(model)))
        {
            throw RoundCommandErrors.Input($"No configured storage backend serves '{model}' (configured: {string.Join(", ", composition.Storage.Select(s => s.Name))}); the round would disqualify it as unsupported-storage, so it was not committed.");
        }

        var data = CommitmentData(model);
        var chain = composition.Chain.Component;
        var head = await chain.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var earlier = (await chain.GetCommitmentsAsync(head.Number, cancellationToken).ConfigureAwait(false))
            .Where(c => string.Equals(c.Hotkey, hotkey, StringComparison.Ordinal))
            .OrderBy(c => c.Block).ThenBy(c => c.Index)
            .FirstOrDefault();
        if (earlier is not null && string.Equals(earlier.Data, data, StringComparison.Ordinal))
        {
            return new CommitResult(earlier.Hotkey, earlier.Block, earlier.Index, model.ToString(), earlier.Data);
        }

        if (earlier is not null && !force)
        {
            throw RoundCommandErrors.Input($"The hotkey already committed at block {earlier.Block}; only a hotkey's first commitment counts, so this one would be ignored. Pass --force to publish it anyway.");
        }

        var commitment = await chain.CommitAsync(hotkey, data, cancellationToken).ConfigureAwait(false);
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
