namespace Tournament.Storage.HuggingFace.Tests.Server;

/// <summary>Which listener of the fake Hub a request reached.</summary>
public enum HubRole
{
    /// <summary>The model API.</summary>
    Api,

    /// <summary>The resolve endpoint on the Hub host.</summary>
    Resolve,

    /// <summary>The LFS CDN (a second origin).</summary>
    Cdn,
}

/// <summary>What a fault does.</summary>
public enum FaultKind
{
    /// <summary>Answer with <see cref="Fault.Status"/> (and Retry-After when set).</summary>
    Status,

    /// <summary>Send <see cref="Fault.Bytes"/> bytes of the body, then drop the connection.</summary>
    DropAfter,

    /// <summary>Flip one byte in the middle of the body.</summary>
    Corrupt,

    /// <summary>Send <see cref="Fault.Bytes"/> extra bytes after the body (Content-Length says so).</summary>
    ExtraBytes,

    /// <summary>Answer the model API with <see cref="Fault.Body"/> instead.</summary>
    Body,
}

/// <summary>A scripted misbehaviour, applied to the next <see cref="Times"/> matching requests.</summary>
public sealed class Fault
{
    public required HubRole Role { get; init; }

    public FaultKind Kind { get; init; } = FaultKind.Status;

    /// <summary>Only requests whose path contains this match (empty matches all).</summary>
    public string PathContains { get; init; } = "";

    public int Times { get; set; } = 1;

    public int Status { get; init; } = 503;

    public string? RetryAfter { get; init; }

    public long Bytes { get; init; }

    public string? Body { get; init; }
}

/// <summary>One request the fake Hub saw.</summary>
public sealed record RequestRecord(HubRole Role, string Path, string? Range, string? Authorization);
