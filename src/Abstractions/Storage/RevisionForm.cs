namespace Tournament.Abstractions;

/// <summary>
/// The form of the pinned revisions one storage backend serves: an optional scheme prefix and a lower-case hex digest
/// of a fixed length (<c>sha256:&lt;64 hex&gt;</c>, a bare 40-hex commit, …). The contracts know only the general
/// grammar of a pinned revision (<see cref="ModelRef.IsPinnedRevision"/>); each backend declares its own form and
/// answers <see cref="IStorageBackend.CanResolve"/> with it, so a new backend needs no change here.
/// </summary>
/// <param name="Scheme">The scheme before the colon (lower-case letters and digits), or null for a bare digest.</param>
/// <param name="DigestLength">The number of hex characters of the digest.</param>
public sealed record RevisionForm(string? Scheme, int DigestLength)
{
    /// <summary>True when <paramref name="revision"/> (lower-case, as a <see cref="ModelRef"/> holds it) has this form.</summary>
    /// <param name="revision">The revision text.</param>
    public bool Matches(string? revision)
    {
        if (revision is null)
        {
            return false;
        }

        var digest = revision.AsSpan();
        if (Scheme is not null)
        {
            if (!digest.StartsWith(Scheme, StringComparison.Ordinal) || digest.Length <= Scheme.Length || digest[Scheme.Length] != ':')
            {
                return false;
            }

            digest = digest[(Scheme.Length + 1)..];
        }

        return digest.Length == DigestLength && ModelRef.IsLowerHex(digest);
    }

    /// <summary>The form as a person reads it: <c>sha256:&lt;64 hex&gt;</c> or <c>&lt;40 hex&gt;</c>.</summary>
    public override string ToString() => Scheme is null ? $"<{DigestLength} hex>" : $"{Scheme}:<{DigestLength} hex>";
}
