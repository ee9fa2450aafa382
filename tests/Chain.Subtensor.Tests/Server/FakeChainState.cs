using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Tournament.Chain.Subtensor.Tests.Server;

/// <summary>
/// A node's state behind the loopback server: the finalized block (recorded header of Subtensor mainnet from the
/// Bittensor SDK's integration sessions), a best block two later and, once something is submitted, the block that
/// includes every submission, which becomes the best block (both synthetic), the recorded mainnet metadata, and a storage map whose keys and values the test builds
/// with @polkadot/types. Answers the storage RPCs at those blocks only, so a read at any other hash fails loudly.
/// Submissions: <c>author_submitExtrinsic</c>, and <c>author_submitAndWatchExtrinsic</c> answered with
/// <see cref="WatchStatuses"/> as <c>author_extrinsicUpdate</c> notifications.
/// </summary>
public sealed class FakeChainState
{
    // From the SDK's recorded "blocks_since_last_update" session: chain_getHead and chain_getHeader.
    public const string BlockHash = "0x2830271e820b419253b79cbafea83f726354bbef26eb318835ffa774288de9ff";
    public const long BlockNumber = 0x63fe87;

    /// <summary>The best block (synthetic): two after the finalized one.</summary>
    public const string BestHash = "0x5e0b1c9d4a7f3e2b8c6d0a1f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";
    public const long BestNumber = BlockNumber + 2;

    /// <summary>The block that includes a submitted extrinsic (synthetic).</summary>
    public const string IncludedHash = "0x1d2c3b4a59687f8e9dacbbcadaf9e8d7c6b5a4938271605f4e3d2c1b0a998877";
    public const long IncludedNumber = BestNumber + 1;

    private readonly SortedDictionary<string, string> _storage = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _blocks = new(StringComparer.Ordinal) { [BlockHash] = BlockNumber, [BestHash] = BestNumber };

    public FakeChainState(byte[] metadata) => MetadataHex = "0x" + Convert.ToHexString(metadata).ToLowerInvariant();

    public string MetadataHex { get; }

    /// <summary>The block hashes storage was read at.</summary>
    public ConcurrentBag<string> ReadsAt { get; } = [];

    public void Put(string keyHex, string valueHex)
    {
        lock (_storage)
        {
            _storage[keyHex] = valueHex;
        }
    }

    public string FirstKey()
    {
        lock (_storage)
        {
            return _storage.Keys.First();
        }
    }

    public string Get(string keyHex)
    {
        lock (_storage)
        {
            return _storage[keyHex];
        }
    }

    public const string Genesis = "0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03";

    /// <summary>Extrinsics submitted with author_submitExtrinsic (hex).</summary>
    public ConcurrentQueue<string> Submitted { get; } = new();

    /// <summary>The account nonce; each submission increments it (as inclusion would).</summary>
    public int Nonce { get; set; } = 7;

    /// <summary>Called with each submitted extrinsic (hex) before the node answers, e.g. to apply its effect to storage.</summary>
    public Action<string> OnSubmitted { get; set; } = _ => { };

    /// <summary>The statuses sent for a watched submission (default: ready, broadcast, inBlock, finalized).</summary>
    public IReadOnlyList<JsonNode?> WatchStatuses { get; set; } =
        ["ready", new JsonObject { ["broadcast"] = new JsonArray("12D3KooWPeer") }, new JsonObject { ["inBlock"] = IncludedHash }, new JsonObject { ["finalized"] = IncludedHash }];

    private string _best = BestHash;

    private void Submit(string extrinsic)
    {
        Submitted.Enqueue(extrinsic);
        OnSubmitted(extrinsic);
        _blocks[IncludedHash] = IncludedNumber;
        _best = IncludedHash;
        Nonce++;
    }

    /// <summary>A header: the recorded one for the finalized block, the same roots for the synthetic ones.</summary>
    private static JsonObject Header(long number) => new()
    {
        ["parentHash"] = "0xb5a3b72cc914b520a12e45e9f73fc3076b86fbae1be20b191fb7da4967c6ac47",
        ["number"] = "0x" + number.ToString("x", System.Globalization.CultureInfo.InvariantCulture),
        ["stateRoot"] = "0x800d3090504b36e496fc579edf9db972a9cbc7522d52d96d4804e3396b21be7d",
        ["extrinsicsRoot"] = "0xe3ccef094f2e6176bc4a2d2f42a2d0b0c5f815c8506cf4299c8390c0eac62d39",
    };

    public NodeReply? Handle(string method, JsonArray p)
    {
        switch (method)
        {
            case "system_accountNextIndex":
                return new NodeReply.Result(Nonce);
            case "author_submitExtrinsic":
                Submit((string)p[0]!);
                return new NodeReply.Result("0x" + new string('e', 64));
            case "author_submitAndWatchExtrinsic":
                Submit((string)p[0]!);
                return new NodeReply.Subscription("watch-" + Submitted.Count, WatchStatuses);
            case "author_unwatchExtrinsic":
                return new NodeReply.Result(true);
            case "chain_getFinalizedHead":
                return new NodeReply.Result(BlockHash);
            case "chain_getBlockHash":
                {
                    long n = (long)p[0]!;
                    return new NodeReply.Result(n == 0 ? Genesis : _blocks.FirstOrDefault(b => b.Value == n).Key);
                }

            case "chain_getHeader":
                {
                    string hash = p.Count == 0 || p[0] is null ? _best : (string)p[0]!;
                    return new NodeReply.Result(_blocks.TryGetValue(hash, out long number) ? Header(number) : null);
                }

            case "chain_getBlock":
                {
                    string hash = (string)p[0]!;
                    return new NodeReply.Result(_blocks.TryGetValue(hash, out long number)
                        ? new JsonObject { ["block"] = new JsonObject { ["header"] = Header(number), ["extrinsics"] = new JsonArray([.. (hash == IncludedHash ? Submitted : []).Select(e => (JsonNode)e)]) }, ["justifications"] = null }
                        : null);
                }

            case "state_getRuntimeVersion":
                return new NodeReply.Result(new JsonObject { ["specName"] = "node-subtensor", ["specVersion"] = 320, ["transactionVersion"] = 1 });
            case "state_getMetadata":
                return new NodeReply.Result(MetadataHex);
        }

        if (!method.StartsWith("state_", StringComparison.Ordinal))
        {
            return null;
        }

        string at = (string)p[^1]!;
        ReadsAt.Add(at);
        if (!_blocks.ContainsKey(at))
        {
            return new NodeReply.Failure(-32000, "unknown block");
        }

        lock (_storage)
        {
            switch (method)
            {
                case "state_getStorage":
                    return new NodeReply.Result(_storage.GetValueOrDefault((string)p[0]!));
                case "state_getKeysPaged":
                    {
                        string prefix = (string)p[0]!, start = (string?)p[2] ?? string.Empty;
                        int count = (int)p[1]!;
                        return new NodeReply.Result(new JsonArray([.. _storage.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(k, start) > 0).Take(count).Select(k => (JsonNode)k)]));
                    }

                case "state_queryStorageAt":
                    {
                        var changes = new JsonArray([.. p[0]!.AsArray().Select(k => (JsonNode)new JsonArray((string)k!, _storage.GetValueOrDefault((string)k!)))]);
                        return new NodeReply.Result(new JsonArray(new JsonObject { ["block"] = at, ["changes"] = changes }));
                    }
            }
        }

        return null;
    }
}
