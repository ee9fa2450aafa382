using Tournament.Abstractions;
using Tournament.Engine.Console;

namespace Tournament.Engine.Tests.Console;

public sealed class JsonOutputTests
{
    [Fact]
    public void Write_Record_CamelCaseIndentedEnumsAsStrings()
    {
        using var writer = new StringWriter();

        JsonOutput.Write(writer, new { PluginName = "x", Stage = CheckStage.Metadata, Count = 2 });

        Assert.Equal("{\n  \"pluginName\": \"x\",\n  \"stage\": \"metadata\",\n  \"count\": 2\n}\n", writer.ToString().ReplaceLineEndings("\n"));
    }
}
