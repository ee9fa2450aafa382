using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tournament.Cli;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Wallet;

namespace Tournament.Plugins.Chain.Subtensor.Commands;

/// <summary>
/// <c>tournament chain status [--config tournament.json] [--endpoint URL] [--netuid N] [--wallet-path P] [--wallet W]
/// [--hotkey H] [--head finalized|best] [--json]</c>: the options come from the configuration's
/// <c>Components:subtensor</c> section, then the flags.
/// </summary>
internal static class ChainStatusCommand
{
    private static readonly JsonSerializerOptions ConfigJson = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        PreferredObjectCreationHandling = System.Text.Json.Serialization.JsonObjectCreationHandling.Populate,
    };

    public static Command Create(CommandContext context)
    {
        Option<FileInfo?> config = new("--config") { Description = "A tournament configuration whose Components:subtensor section holds the options" };
        Option<string?> endpoint = new("--endpoint") { Description = "The node's ws(s):// or http(s):// JSON-RPC endpoint" };
        Option<int?> netuid = new("--netuid") { Description = "The subnet" };
        Option<string?> walletPath = new("--wallet-path") { Description = "The wallets folder (default ~/.bittensor/wallets)" };
        Option<string?> wallet = new("--wallet") { Description = "The wallet's name" };
        Option<string?> hotkey = new("--hotkey") { Description = "The hotkey's name in the wallet" };
        Option<string?> head = new("--head") { Description = "finalized (default) or best" };
        Option<bool> json = CommandContext.JsonOption();
        var command = new Command("status", "Show the chain head, the subnet and our hotkey's UID, validator permit, last weights and stake.")
        {
            config, endpoint, netuid, walletPath, wallet, hotkey, head, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            SubtensorOptions options = Load(parse.GetValue(config));
            options.Endpoint = parse.GetValue(endpoint) ?? options.Endpoint;
            options.Netuid = parse.GetValue(netuid) ?? options.Netuid;
            options.WalletPath = parse.GetValue(walletPath) ?? options.WalletPath;
            options.WalletName = parse.GetValue(wallet) ?? options.WalletName;
            options.HotkeyName = parse.GetValue(hotkey) ?? options.HotkeyName;
            options.Head = parse.GetValue(head) ?? options.Head;
            Validate(options);
            ChainStatusReport report = await ChainStatusReport.ReadAsync(options, TimeProvider.System, context.Loggers, cancellationToken).ConfigureAwait(false);
            context.Console.WriteResult(parse.GetValue(json) ? report.ToJson() : report.ToText());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static SubtensorOptions Load(FileInfo? file)
    {
        if (file is null)
        {
            return new SubtensorOptions();
        }

        if (!file.Exists)
        {
            throw new UserInputException($"The configuration file '{file.FullName}' does not exist.");
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file.FullName), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonElement section = doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("Components", out JsonElement components) && components.ValueKind == JsonValueKind.Object
                && components.TryGetProperty("subtensor", out JsonElement s) ? s : default;
            return section.ValueKind == JsonValueKind.Object
                ? section.Deserialize<SubtensorOptions>(ConfigJson) ?? new SubtensorOptions()
                : throw new UserInputException($"'{file.Name}' has no Components:subtensor section.");
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"'{file.Name}' is not valid JSON or its Components:subtensor section does not fit the options: {ex.Message}", ex);
        }
    }

    private static void Validate(SubtensorOptions options)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new UserInputException($"Subtensor option {string.Join(", ", results[0].MemberNames)} is invalid: {results[0].ErrorMessage}");
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("ws" or "wss" or "http" or "https"))
        {
            throw new UserInputException($"--endpoint '{options.Endpoint}' is not a ws/wss/http/https URL.");
        }
    }
}
