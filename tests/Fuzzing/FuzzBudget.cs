using System.Globalization;

namespace Tournament.Fuzzing;

/// <summary>
/// How many inputs each fuzz property tries: by default a short budget of fixed, seeded inputs (the same on every run,
/// so CI is deterministic); with <c>TOURNAMENT_FUZZ_ITER</c> set, that many fresh random inputs per property for a long
/// exploring run, and with <c>CsCheck_Seed</c> set, CsCheck replays and shrinks that one input (see docs/fuzzing.md). <c>TOURNAMENT_FUZZ_REPORT</c> names a file that gets one line per
/// property (name, inputs tried, accepted, rejected with the parser's error, most bytes one input allocated).
/// </summary>
public static class FuzzBudget
{
    public const string IterationsVariable = "TOURNAMENT_FUZZ_ITER";
    public const string ReportVariable = "TOURNAMENT_FUZZ_REPORT";

    public const string ReplayVariable = "CsCheck_Seed";

    private static readonly Lock ReportLock = new();

    /// <summary>Whether this run explores fresh random inputs (or replays one seed) rather than the fixed CI inputs.</summary>
    public static bool IsExploring =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IterationsVariable))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ReplayVariable));

    /// <summary>The inputs to try: <paramref name="ci"/>, or the long run's count when the variable is set.</summary>
    public static long Iterations(long ci)
    {
        var text = Environment.GetEnvironmentVariable(IterationsVariable);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ci;
    }

    internal static void Report(string name, long tried, long accepted, long rejected, long mostAllocated)
    {
        var path = Environment.GetEnvironmentVariable(ReportVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        lock (ReportLock)
        {
            File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture, $"{name}\t{tried}\t{accepted}\t{rejected}\t{mostAllocated}\n"));
        }
    }
}
