namespace Tournament.Abstractions;

/// <summary>The chain's head block: its number and hash. Round seeds derive from the hash, never the number alone.</summary>
/// <param name="Number">The block number.</param>
/// <param name="Hash">The block hash, lower-case hex (optionally 0x-prefixed).</param>
/// <param name="Timestamp">When the block was produced.</param>
public sealed record ChainHead(long Number, string Hash, DateTimeOffset Timestamp);

/// <summary>A raw commitment read from the chain. The block and hotkey are authoritative.</summary>
/// <param name="Hotkey">The miner's hotkey.</param>
/// <param name="Block">The block the commitment was included in.</param>
/// <param name="Index">The commitment's order inside its block (extrinsic index), for a total order.</param>
/// <param name="Data">The committed string (see <see cref="CommitmentParser"/>).</param>
public sealed record Commitment(string Hotkey, long Block, int Index, string Data);

/// <summary>A registered neuron of the subnet's metagraph.</summary>
/// <param name="Uid">The UID slot (recycled when a hotkey deregisters).</param>
/// <param name="Hotkey">The hotkey now holding the slot.</param>
/// <param name="RegisteredAtBlock">The block at which this hotkey registered.</param>
public sealed record Neuron(int Uid, string Hotkey, long RegisteredAtBlock);

/// <summary>
/// Identifies one submission: <c>hotkey:commitBlock</c>. Scores, standings and disqualifications are keyed by it,
/// so a recycled UID under a new hotkey, or a new commitment, starts clean.
/// </summary>
/// <param name="Hotkey">The hotkey.</param>
/// <param name="CommitBlock">The block of the commitment that counts.</param>
public readonly record struct SubmissionKey(string Hotkey, long CommitBlock)
{
    /// <summary>The text form <c>hotkey:commitBlock</c>.</summary>
    public override string ToString() => $"{Hotkey}:{CommitBlock}";

    /// <summary>
    /// The ownership order of copy detection: an earlier commit block wins; within one block, the ordinal-smaller
    /// hotkey. The earlier submission owns a hash or fingerprint, so a later identical model is the copy.
    /// </summary>
    /// <param name="other">The other submission.</param>
    public bool IsEarlierThan(SubmissionKey other) =>
        CommitBlock < other.CommitBlock || (CommitBlock == other.CommitBlock && string.CompareOrdinal(Hotkey, other.Hotkey) < 0);

    /// <summary>Parses <c>hotkey:commitBlock</c>.</summary>
    /// <param name="text">The text.</param>
    public static SubmissionKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !long.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var block))
        {
            throw new FormatException($"'{text}' is not a submission key; expected hotkey:commitBlock.");
        }

        return new SubmissionKey(text[..colon], block);
    }
}

/// <summary>A miner's submission: the first valid commitment of a hotkey, parsed into a pinned model.</summary>
/// <param name="Hotkey">The miner's hotkey.</param>
/// <param name="Uid">The UID the hotkey holds now.</param>
/// <param name="CommitBlock">The block of the commitment.</param>
/// <param name="Model">The pinned model.</param>
public sealed record Submission(string Hotkey, int Uid, long CommitBlock, ModelRef Model)
{
    /// <summary>The submission's key, <c>hotkey:commitBlock</c>.</summary>
    public SubmissionKey Key => new(Hotkey, CommitBlock);
}

/// <summary>Weights to set on chain, per hotkey, summing to 1 (or all zero).</summary>
/// <param name="ByHotkey">Weight per hotkey.</param>
public sealed record WeightVector(IReadOnlyDictionary<string, double> ByHotkey)
{
    /// <summary>No weights.</summary>
    public static WeightVector Empty { get; } = new(new Dictionary<string, double>());

    /// <summary>Winner-take-all: the given hotkey gets 1.0.</summary>
    /// <param name="hotkey">The winner.</param>
    public static WeightVector WinnerTakesAll(string hotkey) => new(new Dictionary<string, double> { [hotkey] = 1.0 });
}
