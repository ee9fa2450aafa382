using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Cli;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Extrinsics;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.State;
using Tournament.Plugins.Chain.Subtensor.Wallet;

namespace Tournament.Plugins.Chain.Subtensor.Commands;

/// <summary>What <c>tournament chain status</c> shows: the head, and our hotkey's standing on the subnet at that block.</summary>
internal sealed record ChainStatusReport(string Endpoint, string HeadKind, ChainHead Head, int Netuid, string Hotkey, ValidatorStatus Status, string? Refusal)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads the report. A wallet problem is the user's (exit 2); an unreachable or broken node is an error (exit 1).</summary>
    public static async Task<ChainStatusReport> ReadAsync(SubtensorOptions options, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        string hotkey;
        byte[] account;
        try
        {
            (var keypair, hotkey) = HotkeyFile.Load(HotkeyFile.PathOf(options.WalletPath, options.WalletName, options.HotkeyName));
            account = keypair.PublicKey;
        }
        catch (WalletException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }

        var rpc = new SubstrateRpcClient(options, time, loggers.CreateLogger<SubstrateRpcClient>());
        await using (rpc.ConfigureAwait(false))
        {
            var reader = new SubtensorReader(rpc, options);
            ChainHead head = await reader.HeadAsync(cancellationToken).ConfigureAwait(false);
            ChainStorage storage = await reader.StorageAtAsync(head.Hash, cancellationToken).ConfigureAwait(false);
            ushort netuid = (ushort)options.Netuid;
            ValidatorStatus status = await SubnetState.Checked(() => ValidatorStatus.ReadAsync(storage, netuid, account, head.Hash, cancellationToken)).ConfigureAwait(false);
            string? refusal = status.RefusalForWeights(hotkey, netuid, head.Number, options.SignerCommand is not null);
            return new ChainStatusReport(options.Endpoint, options.Head, head, options.Netuid, hotkey, status, refusal);
        }
    }

    private ulong? SinceUpdate => Status.Uid is null ? null : (ulong)Math.Max(0, Head.Number - (long)Math.Min(Status.LastUpdate, long.MaxValue));

    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            endpoint = Endpoint,
            head = new { kind = HeadKind, number = Head.Number, hash = Head.Hash, timestamp = Head.Timestamp },
            netuid = Netuid,
            hotkey = Hotkey,
            uid = (int?)Status.Uid,
            validatorPermit = Status.HasPermit,
            lastUpdate = Status.Uid is null ? (ulong?)null : Status.LastUpdate,
            blocksSinceUpdate = SinceUpdate,
            weightsRateLimit = Status.RateLimit,
            commitReveal = Status.CommitReveal,
            weightsVersionKey = Status.VersionKey,
            stake = Status.Stake,
            stakeThreshold = Status.StakeThreshold,
            canSetWeights = Refusal is null,
            reason = Refusal,
        },
        Indented);

    public string ToText()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        (string Label, string Value)[] lines =
        [
            ("endpoint", CliText.Printable(Endpoint)),
            ($"head ({HeadKind})", $"block {Head.Number} {Head.Hash} at {Head.Timestamp.ToString("u", c)}"),
            ("netuid", Netuid.ToString(c)),
            ("hotkey", Hotkey),
            ("uid", Status.Uid is { } uid ? uid.ToString(c) : "not registered"),
            ("permit", Status.HasPermit ? "yes" : "no"),
            ("last update", Status.Uid is null ? "-" : $"block {Status.LastUpdate} ({SinceUpdate} blocks ago; rate limit {Status.RateLimit})"),
            ("commit-reveal", Status.CommitReveal ? "on" : "off"),
            ("stake", $"{(Status.Stake is { } s ? s.ToString(c) + " rao" : "unknown")} (threshold {(Status.StakeThreshold is { } t ? t.ToString(c) : "unknown")})"),
            ("weights", Refusal ?? "can be set now"),
        ];
        return string.Join('\n', lines.Select(l => (l.Label + ":").PadRight(16) + l.Value));
    }
}
