namespace Tournament.Engine.Cli;

/// <summary>The CLI's exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int InvalidInput = 2;
    public const int Cancelled = 130;
}
