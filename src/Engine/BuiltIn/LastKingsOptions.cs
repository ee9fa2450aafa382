using System.ComponentModel.DataAnnotations;

namespace Tournament.Engine.BuiltIn;

/// <summary>Options of the <c>last-kings</c> weight policy (configuration section <c>Components:last-kings</c>).</summary>
internal sealed class LastKingsOptions
{
    /// <summary>Split equally across the current king and up to <c>Kings − 1</c> previous kings still registered (1 = winner-take-all).</summary>
    [Range(1, 64)]
    public int Kings { get; set; } = 1;

    /// <summary>While no king is seated, all weight goes to the hotkey holding this UID (for example 0, the owner); null sets no weight.</summary>
    [Range(0, 65_535)]
    public int? BurnUid { get; set; }
}
