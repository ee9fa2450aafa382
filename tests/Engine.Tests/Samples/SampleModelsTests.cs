namespace Tournament.Engine.Tests.Samples;

public sealed class SampleModelsTests
{
    [Fact]
    public void CommittedSampleModels_MatchTheGeneratorByteForByte()
    {
        var generated = SampleModels.Generate();
        if (Environment.GetEnvironmentVariable("TOURNAMENT_WRITE_SAMPLES") == "1")
        {
            foreach (var (model, files) in generated)
            {
                var folder = Path.Combine(SampleModels.ModelsDirectory, model);
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                Directory.CreateDirectory(folder);
                foreach (var (name, bytes) in files)
                {
                    File.WriteAllBytes(Path.Combine(folder, name), bytes);
                }
            }
        }

        foreach (var (model, files) in generated)
        {
            var folder = Path.Combine(SampleModels.ModelsDirectory, model);
            var present = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
            Assert.Equal(files.Keys.Order(StringComparer.Ordinal), present);
            foreach (var (name, bytes) in files)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, name))), $"{model}/{name} differs from the generator; run the tests with TOURNAMENT_WRITE_SAMPLES=1.");
            }
        }
    }
}
