namespace Tournament.Plugins.AlbedoDuel.Cleaning;

/// <summary>Why a reply loses its sample without a judge call.</summary>
internal enum ReplyFault
{
    /// <summary>The reply may be judged.</summary>
    None,

    /// <summary>The reply repeats its commands (<see cref="LoopCheck"/>).</summary>
    Looped,

    /// <summary>Generation stopped at the token limit.</summary>
    Truncated,

    /// <summary>The reply contains a reserved (special) token's text.</summary>
    ReservedToken,
}

/// <summary>A reply after every check that runs before the judges.</summary>
/// <param name="Stripped">The injection-stripped reply, the text judges see.</param>
/// <param name="Loop">The loop verdict.</param>
/// <param name="Fault">Why it loses without a judge call, or <see cref="ReplyFault.None"/>.</param>
internal sealed record ScreenedReply(StrippedReply Stripped, LoopVerdict Loop, ReplyFault Fault);

/// <summary>Runs the before-judge processing on one generated reply.</summary>
internal static class ReplyScreen
{
    /// <summary>Special-token texts of the Qwen family, used when a configuration names none.</summary>
    public static readonly IReadOnlyList<string> DefaultReservedTokens =
        ["<|im_start|>", "<|im_end|>", "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "<|vision_start|>", "<|vision_end|>"];

    /// <param name="reply">The raw generated text.</param>
    /// <param name="truncated">Generation stopped at the new-token limit.</param>
    /// <param name="reservedTokens">Texts of reserved tokens that must never appear in a reply.</param>
    public static ScreenedReply Screen(string reply, bool truncated, IReadOnlyList<string> reservedTokens)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(reservedTokens);
        var stripped = ReplyStripper.Strip(reply);
        var loop = LoopCheck.Check(reply);
        var fault = loop.Looped ? ReplyFault.Looped
            : truncated ? ReplyFault.Truncated
            : reservedTokens.Any(t => t.Length > 0 && reply.Contains(t, StringComparison.Ordinal)) ? ReplyFault.ReservedToken
            : ReplyFault.None;
        return new ScreenedReply(stripped, loop, fault);
    }
}
