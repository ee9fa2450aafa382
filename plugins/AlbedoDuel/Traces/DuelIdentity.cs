using System.Globalization;
using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Traces;

/// <summary>
/// Who meets whom in one duel, and where its traces go: the duel id is
/// <c>&lt;block&gt;-&lt;hash12&gt;-&lt;challenger hotkey&gt;-&lt;commit block&gt;</c>, the traces lie under
/// <c>duels/&lt;mode&gt;/&lt;block&gt;-&lt;hash12&gt;/&lt;challenger hotkey&gt;-&lt;commit block&gt;/</c> of the artifact backend.
/// </summary>
internal sealed record DuelIdentity(string DuelId, string Folder, Submission King, Submission Challenger, long Block, string BlockHash, RoundSeed Seed)
{
    public const string KingResponses = "responses_king.jsonl";
    public const string ChallengerResponses = "responses_challenger.jsonl";
    public const string JudgeRaw = "judge_raw.jsonl";
    public const string Duel = "duel.json";
    public const string Verdict = "verdict.json";

    public static DuelIdentity For(RoundContext round, Submission king, Submission challenger)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(king);
        ArgumentNullException.ThrowIfNull(challenger);
        var hash = round.Head.Hash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? round.Head.Hash[2..] : round.Head.Hash;
        var block = round.Head.Number.ToString(CultureInfo.InvariantCulture);
        var head = $"{block}-{Safe(hash[..Math.Min(12, hash.Length)].ToLowerInvariant())}";
        var who = $"{Safe(challenger.Hotkey)}-{challenger.CommitBlock.ToString(CultureInfo.InvariantCulture)}";
        return new DuelIdentity($"{head}-{who}", $"duels/{Safe(round.Mode)}/{head}/{who}", king, challenger, round.Head.Number, round.Head.Hash, round.Seed.ForChallenger(challenger.Hotkey));
    }

    public Artifact Artifact(string file, byte[] content) =>
        new($"{Folder}/{file}", file.EndsWith(".jsonl", StringComparison.Ordinal) ? "application/x-ndjson" : "application/json", content);

    private static string Safe(string text) => string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_'));
}
