using Tournament.Abstractions;

namespace Tournament.Fixtures.Throwing;

/// <summary>Options of <see cref="ThrowingCheck"/>.</summary>
public sealed class ThrowingCheckOptions
{
    /// <summary>The hotkeys the check throws on; every other submission passes.</summary>
    public IReadOnlyList<string> Hotkeys { get; set; } = [];
}

/// <summary>A check with a bug: it throws on the configured hotkeys, as tokenizer-match once did on a duplicated merge line.</summary>
[Component("fixture-throwing-check", Options = typeof(ThrowingCheckOptions), Description = "Throws on the configured hotkeys (test fixture).")]
public sealed class ThrowingCheck(ThrowingCheckOptions options) : IAntiCheatCheck
{
    public CheckStage Stage => CheckStage.Metadata;

    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return options.Hotkeys.Contains(context.Submission.Hotkey)
            ? throw new ArgumentException("An item with the same key has already been added. Key: Ġ t")
            : Task.FromResult(CheckOutcome.Pass());
    }
}
