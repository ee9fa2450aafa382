using System.Text.Json.Nodes;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Checks;

namespace Tournament.AlbedoDuel.Tests.Samples;

/// <summary>samples/albedo-chutes: the production judge ensemble, validated with no key and no network.</summary>
public sealed class ChutesSampleConfigTests
{
    internal static readonly string Folder = Path.Combine(ShippedCorpus.RepoRoot(), "samples", "albedo-chutes");
    internal static readonly string ConfigPath = Path.Combine(Folder, "tournament.json");

    [Fact]
    public void ChutesEnsemble_ThreeJudgesFromTheEnvironment_PanelsUseThem_PinsMatchTheTemplate()
    {
        var components = JsonNode.Parse(File.ReadAllText(ConfigPath))!["Components"]!;
        var judges = components["chutes"]!["Judges"]!.AsArray().Select(j => j!["Name"]!.GetValue<string>()).ToList();
        var environment = new HostEnvironment(Folder, Path.GetTempPath());
        var template = components["chat-template"]!;

        Assert.Equal(3, judges.Distinct().Count());
        Assert.Equal("CHUTES_API_KEY", components["chutes"]!["ApiKeyVariable"]!.GetValue<string>());
        Assert.Null(components["chutes"]!["ApiKey"]);
        Assert.Equal(judges, components["duel"]!["Judges"]!.AsArray().Select(j => j!.GetValue<string>()));
        Assert.Equal(judges, components["injection-probe"]!["Judges"]!.AsArray().Select(j => j!.GetValue<string>()));
        // The pinned SHA-256 is that of the shipped Qwen3 template: the check is created (start-up verification) without error.
        var options = new ChatTemplateCheckOptions { TemplatePath = template["TemplatePath"]!.GetValue<string>(), Sha256 = template["Sha256"]!.GetValue<string>() };
        Assert.Null(Record.Exception(() => new ChatTemplateCheck(options, environment)));
        Assert.Equal(template["Sha256"]!.GetValue<string>(), components["injection-probe"]!["ChatTemplateSha256"]!.GetValue<string>());
    }
}
