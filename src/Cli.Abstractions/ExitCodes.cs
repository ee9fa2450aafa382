namespace Tournament.Cli;

/// <summary>The exit codes of every <c>tournament</c> command, the contributed ones included.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command failed (a model that cannot be read, a component error).</summary>
    public const int Error = 1;

    /// <summary>Bad input: a wrong argument, a missing file, an invalid configuration.</summary>
    public const int InvalidInput = 2;

    /// <summary>Stopped with Ctrl-C.</summary>
    public const int Cancelled = 130;
}
