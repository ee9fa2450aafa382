using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Tournament.Inference.Torch;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Torch;

public sealed class TorchBackendTests
{
    private const string Glibcxx332 = "GLIBCXX_3.4.32";

    [Fact]
    public void Matmul_RandomMatrices_MatchesFloat64Loops()
    {
        TorchRuntime.EnsureLoaded();
        var rng = new Random(7);
        double[] a = Enumerable.Range(0, 12).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        double[] b = Enumerable.Range(0, 20).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        using var ta = tensor(a, [3, 4], ScalarType.Float64);
        using var tb = tensor(b, [4, 5], ScalarType.Float64);
        using var tc = ta.matmul(tb);
        var c = tc.data<double>().ToArray();
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                var expected = 0.0;
                for (var k = 0; k < 4; k++)
                {
                    expected += a[(i * 4) + k] * b[(k * 5) + j];
                }

                Assert.Equal(expected, c[(i * 5) + j], 12);
            }
        }
    }

    [Fact]
    public void OutputLibrary_AfterBuild_Glibcxx332IsWeakAndNuGetCacheUntouched()
    {
        var patched = ElfVersionNeeds.Read(File.ReadAllBytes(OutputLibraryPath()));
        var original = ElfVersionNeeds.Read(File.ReadAllBytes(CacheLibraryPath()));

        Assert.Equal(2, patched[Glibcxx332] & 2);
        Assert.Equal(0, original[Glibcxx332] & 2);
        Assert.All(patched.Where(p => p.Key != Glibcxx332), p => Assert.Equal(original[p.Key], p.Value));
    }

    [Fact]
    public void UnpatchedLibrary_Load_FailsExactlyWhenSystemLibstdcxxLacksGlibcxx332()
    {
        TorchRuntime.EnsureLoaded();
        using var tensorInit = ones(2);
        var libstdcxx = File.ReadAllLines("/proc/self/maps")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty)
            .First(p => p.Contains("libstdc++.so", StringComparison.Ordinal));
        var systemHas332 = File.ReadAllBytes(libstdcxx).AsSpan().IndexOf(Encoding.ASCII.GetBytes(Glibcxx332 + "\0")) >= 0;

        var dir = Directory.CreateTempSubdirectory("unpatched-torchsharp");
        try
        {
            var copy = Path.Combine(dir.FullName, "libLibTorchSharp.so");
            File.Copy(CacheLibraryPath(), copy);
            string? error = null;
            try
            {
                NativeLibrary.Load(copy);
            }
            catch (DllNotFoundException ex)
            {
                error = ex.Message;
            }

            Assert.Equal(systemHas332, error is null);
            if (error is not null)
            {
                Assert.Contains(Glibcxx332, error, StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static string OutputLibraryPath() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).Single();

    private static string CacheLibraryPath()
    {
        var root = typeof(TorchBackendTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        return Path.Combine(root, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }
}
