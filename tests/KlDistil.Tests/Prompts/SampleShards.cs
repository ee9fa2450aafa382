namespace Tournament.KlDistil.Tests.Prompts;

/// <summary>Locates the shipped sample shards (samples/distil-local/climbmix) from the test's output folder.</summary>
internal static class SampleShards
{
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "distil-local", "climbmix");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("samples/distil-local/climbmix not found above " + AppContext.BaseDirectory);
        }
    }
}
