using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Checks;

namespace Tournament.AlbedoDuel.Tests.Duel;

/// <summary>samples/albedo-local/tournament.json composes: the duel scorer, the duel-margin rule, queue scheduling, per-challenger prompts, the five checks.</summary>
public sealed class AlbedoLocalConfigTests
{
    private static readonly string Folder = Path.Combine(ShippedCorpus.RepoRoot(), "samples", "albedo-local");

    [Fact]
    public async Task AlbedoLocalConfig_IsAcceptedByValidateConfig()
    {
        var result = await TournamentCli.RunAsync("validate-config", "--config", Path.Combine(Folder, "tournament.json"));

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("active mode albedo", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void AlbedoLocalConfig_ListsTheFiveChecks_OfflineProbeJudge_PinsAreTheCanonicalTemplatesSha256()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "tournament.json")))!;
        var components = root["Components"]!;
        var template = components["chat-template"]!;
        var probe = components["injection-probe"]!;
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, "canonical", "chat_template.jinja"))));

        Assert.Equal(
            ["files", "architecture-lock", "chat-template", "weight-fingerprint", "injection-probe"],
            root["Tournament"]!["Modes"]!["albedo"]!["Checks"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(sha, template["Sha256"]!.GetValue<string>());
        Assert.Equal(sha, probe["ChatTemplateSha256"]!.GetValue<string>());
        Assert.Equal(["offline-injection"], probe["Judges"]!.AsArray().Select(j => j!.GetValue<string>()));
        Assert.Equal(["offline-reference"], components["duel"]!["Judges"]!.AsArray().Select(j => j!.GetValue<string>()));
        // The check is created (start-up verification of the pin) without error.
        var options = new ChatTemplateCheckOptions { TemplatePath = template["TemplatePath"]!.GetValue<string>(), Sha256 = template["Sha256"]!.GetValue<string>() };
        Assert.Null(Record.Exception(() => new ChatTemplateCheck(options, new HostEnvironment(Folder, Path.GetTempPath()))));
    }
}
