using System.Text;
using CsCheck;

namespace Tournament.Fuzzing;

/// <summary>
/// The fixed inputs of a CI fuzz run: input <c>i</c> of property <c>name</c> is generated from a CsCheck PCG whose stream
/// is the FNV-1a hash of the name and whose seed is input <c>i</c> scrambled, so every run and every machine sees the
/// same inputs, and a failing one is named by the CsCheck seed that replays it.
/// </summary>
public static class FuzzSeeds
{
    /// <summary>The first <paramref name="count"/> fixed inputs of the property, each with its replay seed.</summary>
    public static IEnumerable<(string Seed, T Input)> Inputs<T>(Gen<T> gen, string name, long count)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var stream = Stream(name);
        for (long i = 0; i < count; i++)
        {
            var pcg = new PCG(stream, Scramble((ulong)i));
            var seed = pcg.ToString();
            yield return (seed, gen.Generate(pcg, null, out _));
        }
    }

    internal static uint Stream(string name)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }

    private static ulong Scramble(ulong i)
    {
        var z = unchecked(i + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}

/// <summary>A fixed CI fuzz input failed; the message names the seed that replays it.</summary>
public sealed class FuzzReplayException : Exception
{
    public FuzzReplayException()
    {
    }

    public FuzzReplayException(string message)
        : base(message)
    {
    }

    public FuzzReplayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal FuzzReplayException(string property, string seed, Exception failure)
        : base($"{property}: fixed input with seed \"{seed}\" failed (rerun with -e CsCheck_Seed={seed} to replay and shrink it): {failure.Message}", failure)
    {
    }
}
