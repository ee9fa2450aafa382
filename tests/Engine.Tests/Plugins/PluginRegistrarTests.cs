using Microsoft.Extensions.Configuration;
using Tournament.Engine.Plugins;

namespace Tournament.Engine.Tests.Plugins;

public sealed class PluginRegistrarTests
{
    [Fact]
    public void ClaimOptionsSection_TopLevelName_RecordedCaseInsensitively()
    {
        var registrar = new PluginRegistrar(new ConfigurationBuilder().Build(), "Plugin.A");

        registrar.ClaimOptionsSection("chutes");
        registrar.ClaimOptionsSection("Chutes");

        Assert.Equal(["chutes"], registrar.ClaimedSections);
    }

    [Theory]
    [InlineData("chutes:Judges")]
    [InlineData(" ")]
    public void ClaimOptionsSection_NestedOrBlankName_Throws(string name)
    {
        var registrar = new PluginRegistrar(new ConfigurationBuilder().Build(), "Plugin.A");

        Assert.ThrowsAny<ArgumentException>(() => registrar.ClaimOptionsSection(name));
        Assert.Empty(registrar.ClaimedSections);
    }
}
