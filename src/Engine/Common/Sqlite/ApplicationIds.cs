namespace Tournament.Engine.Common.Sqlite;

/// <summary>SQLite <c>application_id</c> values that mark the embedded stores' files.</summary>
internal static class ApplicationIds
{
    /// <summary>'TnSt': a state database.</summary>
    public const int State = 0x546E5374;

    /// <summary>'TnCh': a local chain ledger.</summary>
    public const int Chain = 0x546E4368;
}
