using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>
/// A challenger's <c>architectures</c> and locked config.json keys must equal the king's (the duel compares like with
/// like). Each passing submission records its locked fields in the fingerprint ledger (kind
/// <see cref="Kind"/>); a challenger is compared with the record of the round's king, or with
/// <see cref="ArchitectureLockOptions.ReferenceConfig"/> while no king's record exists. No king and no reference: the
/// first model sets the lock. A king seated without a record and no reference defers (the operator must set one).
/// </summary>
[Component(Name, Options = typeof(ArchitectureLockOptions), Description = "architectures and the locked config.json keys must equal the king's (or a reference config's).")]
internal sealed class ArchitectureLockCheck : IAntiCheatCheck
{
    public const string Name = "architecture-lock";
    public const string Kind = "albedo-architecture";

    private readonly IReadOnlyList<string> _keys;
    private readonly string? _reference;

    public ArchitectureLockCheck(ArchitectureLockOptions options, HostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _keys = options.Effective;
        _reference = options.ReferenceConfig is { Length: > 0 } path ? ReadReference(environment.ResolvePath(path), _keys) : null;
    }

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ModelMetadata.Find(context.Description, "config.json") is null)
        {
            return CheckOutcome.Disqualify(Name, "The model has no config.json; add the Hugging Face config of the locked architecture.");
        }

        var (doc, stop) = await ModelMetadata.ReadJsonAsync(context, "config.json", Name, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        string mine;
        using (doc)
        {
            mine = LockedArchitecture.From(doc!.RootElement, _keys);
        }

        var king = context.Round.King;
        var kingRecord = king is { } k && !context.IsKing && k != context.Submission.Key
            ? context.Ledger.Find(Kind).FirstOrDefault(r => r.Owner == k)?.Value
            : null;
        var locked = kingRecord ?? _reference;
        if (locked is null && king is not null && !context.IsKing && king != context.Submission.Key)
        {
            return CheckOutcome.Defer($"The king {king} has no architecture on record and Components:{Name}:ReferenceConfig is not set; set it to the locked config.json.");
        }

        if (locked is not null && LockedArchitecture.Differences(mine, locked) is { Count: > 0 } differences)
        {
            var against = kingRecord is not null ? $"the king's ({king})" : "the reference config's";
            return CheckOutcome.Disqualify(Name, $"The architecture differs from {against}: {string.Join(", ", differences.Take(5))}; keep the locked architecture.");
        }

        if (context.Ledger.Find(Kind).All(r => r.Owner != context.Submission.Key))
        {
            context.Ledger.Record(context.Submission.Key, Kind, mine);
        }

        return CheckOutcome.Pass();
    }

    private static string ReadReference(string path, IReadOnlyList<string> keys)
    {
        try
        {
            if (new FileInfo(path).Length > ModelMetadata.MaxJsonBytes)
            {
                throw new InvalidOperationException($"Components:{Name}:ReferenceConfig '{path}' is over {ModelMetadata.MaxJsonBytes} bytes; point it at a config.json.");
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? LockedArchitecture.From(doc.RootElement, keys)
                : throw new InvalidOperationException($"Components:{Name}:ReferenceConfig '{path}' is not a JSON object; point it at a config.json.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidOperationException($"Components:{Name}:ReferenceConfig '{path}' cannot be read: {ex.Message}", ex);
        }
    }
}
