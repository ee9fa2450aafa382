using OneOf;

namespace Tournament.Abstractions;

/// <summary>The result of one anti-cheat check: <see cref="Passed"/>, <see cref="Disqualified"/> or <see cref="Deferred"/>.</summary>
public sealed class CheckOutcome : OneOfBase<Passed, Disqualified, Deferred>
{
    private CheckOutcome(OneOf<Passed, Disqualified, Deferred> value)
        : base(value)
    {
    }

    /// <summary>True when the check passed.</summary>
    public bool IsPassed => IsT0;

    /// <summary>True when the check disqualified the submission.</summary>
    public bool IsDisqualified => IsT1;

    /// <summary>True when the check could not run for an infrastructure reason.</summary>
    public bool IsDeferred => IsT2;

    /// <summary>A passing outcome.</summary>
    /// <param name="note">Optional detail for reports.</param>
    public static CheckOutcome Pass(string? note = null) => new(new Passed(note));

    /// <summary>A disqualifying outcome.</summary>
    /// <param name="reasonCode">Stable machine-readable code.</param>
    /// <param name="message">One human sentence.</param>
    public static CheckOutcome Disqualify(string reasonCode, string message) => new(new Disqualified(reasonCode, message));

    /// <summary>An infrastructure deferral.</summary>
    /// <param name="reason">One sentence describing the problem.</param>
    public static CheckOutcome Defer(string reason) => new(new Deferred(reason));

    /// <summary>Converts a <see cref="Passed"/>.</summary>
    public static implicit operator CheckOutcome(Passed value) => new(value);

    /// <summary>Converts a <see cref="Disqualified"/>.</summary>
    public static implicit operator CheckOutcome(Disqualified value) => new(value);

    /// <summary>Converts a <see cref="Deferred"/>.</summary>
    public static implicit operator CheckOutcome(Deferred value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Match(p => $"passed{(p.Note is null ? "" : $" ({p.Note})")}", d => $"disqualified [{d.ReasonCode}] {d.Message}", d => $"deferred: {d.Reason}");
}

/// <summary>
/// The result of a storage operation: the value, <see cref="Disqualified"/> (the model is gone or private: the
/// miner's responsibility) or <see cref="Deferred"/> (throttling, 5xx, timeouts: infrastructure).
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class StorageResult<T> : OneOfBase<T, Disqualified, Deferred>
{
    private StorageResult(OneOf<T, Disqualified, Deferred> value)
        : base(value)
    {
    }

    /// <summary>True when the operation produced a value.</summary>
    public bool IsOk => IsT0;

    /// <summary>Converts a value.</summary>
    public static implicit operator StorageResult<T>(T value) => new(value);

    /// <summary>Converts a <see cref="Disqualified"/>.</summary>
    public static implicit operator StorageResult<T>(Disqualified value) => new(value);

    /// <summary>Converts a <see cref="Deferred"/>.</summary>
    public static implicit operator StorageResult<T>(Deferred value) => new(value);

    /// <summary>A successful result.</summary>
    /// <param name="value">The value.</param>
    public static StorageResult<T> Ok(T value) => new(value);

    /// <summary>The model is gone, private or moved (reason code <see cref="ReasonCodes.Removed"/> unless given).</summary>
    /// <param name="message">One human sentence.</param>
    /// <param name="reasonCode">The reason code.</param>
    public static StorageResult<T> Gone(string message, string reasonCode = ReasonCodes.Removed) => new(new Disqualified(reasonCode, message));

    /// <summary>An infrastructure problem.</summary>
    /// <param name="reason">One sentence.</param>
    public static StorageResult<T> Defer(string reason) => new(new Deferred(reason));

    /// <summary>Maps the value, keeping a disqualification or deferral as is.</summary>
    /// <typeparam name="TOut">The new value type.</typeparam>
    /// <param name="map">The mapping.</param>
    public StorageResult<TOut> Select<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Match(v => StorageResult<TOut>.Ok(map(v)), d => (StorageResult<TOut>)d, d => (StorageResult<TOut>)d);
    }
}
