using Tournament.Abstractions;

namespace Tournament.Samples.Example.Checks;

/// <summary>
/// Metadata check (no download): rejects a model that ships code or opaque binaries (any file with a forbidden
/// extension, e.g. <c>.py</c> or <c>.bin</c>, at any depth) or that lacks a required file.
/// </summary>
[Component("example-no-code", Options = typeof(NoCodeCheckOptions), Description = "Example: no .py/.bin files; bigram.json and config.json present.")]
public sealed class NoCodeCheck(NoCodeCheckOptions options) : IAntiCheatCheck
{
    /// <inheritdoc />
    public CheckStage Stage => CheckStage.Metadata;

    /// <inheritdoc />
    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = context.Description.Files;
        foreach (var file in files)
        {
            var extension = Path.GetExtension(file.Path);
            if ((options.ForbiddenExtensions ?? NoCodeCheckOptions.DefaultForbiddenExtensions).Any(e => string.Equals(e, extension, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult(CheckOutcome.Disqualify("forbidden-file", $"The model contains '{file.Path}'; {extension} files are not allowed (no code, no opaque binaries)."));
            }
        }

        foreach (var required in options.RequiredFiles ?? NoCodeCheckOptions.DefaultRequiredFiles)
        {
            if (files.All(f => !string.Equals(f.Path, required, StringComparison.Ordinal)))
            {
                return Task.FromResult(CheckOutcome.Disqualify("missing-file", $"The model has no '{required}' at its root."));
            }
        }

        return Task.FromResult(CheckOutcome.Pass($"{files.Count} file(s) checked"));
    }
}
