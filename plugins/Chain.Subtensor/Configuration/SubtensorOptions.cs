using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.Chain.Subtensor.Configuration;

/// <summary>How the client reaches the Subtensor node (section <c>Subtensor</c>).</summary>
public sealed class SubtensorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Subtensor";

    /// <summary>The node's WebSocket JSON-RPC endpoint, e.g. <c>wss://entrypoint-finney.opentensor.ai:443</c>.</summary>
    [Required]
    public string Endpoint { get; set; } = "ws://127.0.0.1:9944";

    /// <summary>The subnet.</summary>
    [Range(0, 65535)]
    public int Netuid { get; set; }

    /// <summary>Which head a round uses: <c>finalized</c> (default; never reorganised) or <c>best</c>.</summary>
    [RegularExpression("^(finalized|best)$")]
    public string Head { get; set; } = "finalized";

    /// <summary>The wallets folder (bittensor layout: <c>&lt;path&gt;/&lt;wallet&gt;/hotkeys/&lt;hotkey&gt;</c>).</summary>
    public string WalletPath { get; set; } = "~/.bittensor/wallets";

    /// <summary>The wallet's name.</summary>
    public string WalletName { get; set; } = "default";

    /// <summary>The hotkey's name inside the wallet.</summary>
    public string HotkeyName { get; set; } = "default";

    /// <summary>Blocks a signed extrinsic stays valid for (its mortal era; rounded up to a power of two).</summary>
    [Range(4, 65536)]
    public int EraPeriod { get; set; } = 64;

    /// <summary>Seconds to wait for a submitted extrinsic to be included.</summary>
    [Range(1, 3600)]
    public int InclusionTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// What a submission waits for: <c>inBlock</c> (default; the block that holds it) or <c>finalized</c>. Over HTTP
    /// (no subscriptions) the client waits for the account's nonce to move instead.
    /// </summary>
    [RegularExpression("^(inBlock|finalized)$")]
    public string WaitFor { get; set; } = "inBlock";

    /// <summary>Seconds between inclusion polls (HTTP only).</summary>
    [Range(0, 60)]
    public double InclusionPollSeconds { get; set; } = 3;

    /// <summary>
    /// The operator's signer for commit-reveal subnets (an executable; JSON request on stdin, JSON answer on stdout; see
    /// docs/chain-subtensor.md). Without it, weights on a commit-reveal subnet are refused with a reason.
    /// </summary>
    public string? SignerCommand { get; set; }

    /// <summary>Arguments passed to <see cref="SignerCommand"/>.</summary>
    public IList<string> SignerArguments { get; } = [];

    /// <summary>Seconds the signer may run before it is stopped and the weights deferred.</summary>
    [Range(1, 3600)]
    public int SignerTimeoutSeconds { get; set; } = 300;

    /// <summary>The most the signer may write to standard output, in bytes.</summary>
    [Range(256, 16 << 20)]
    public int SignerMaxOutputBytes { get; set; } = 65536;

    /// <summary>An HTTP JSON-RPC endpoint used when the WebSocket cannot be opened (optional).</summary>
    public string? HttpEndpoint { get; set; }

    /// <summary>Seconds one request may take before the read is deferred.</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds opening the WebSocket may take.</summary>
    [Range(1, 600)]
    public int ConnectTimeoutSeconds { get; set; } = 15;

    /// <summary>The largest JSON-RPC message accepted, in bytes; a larger one is dropped and the read deferred.</summary>
    [Range(1024, 512 << 20)]
    public int MaxMessageBytes { get; set; } = 32 << 20;

    /// <summary>How many times a dropped or failed idempotent request is retried on a fresh connection.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first reconnect delay in milliseconds; it doubles each retry.</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 500;
}
