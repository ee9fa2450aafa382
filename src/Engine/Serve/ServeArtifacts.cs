using Tournament.Abstractions;
using Tournament.Engine.Rounds;

namespace Tournament.Engine.Serve;

/// <summary>
/// Links to a round's published artifacts (<c>report.json</c>, <c>standings.json</c>, see <see cref="ArtifactPublisher"/>).
/// With the local artifact backend the files are served from its folder; a file is only ever looked up from a committed
/// round's folder and a fixed name, never from a path in the request.
/// </summary>
internal static class ServeArtifacts
{
    /// <summary>The artifact files every round publishes.</summary>
    public static IReadOnlyList<string> Names { get; } = ["report.json", "standings.json"];

    /// <summary>At most this many bytes of one artifact are served.</summary>
    public const long MaxBytes = 16 << 20;

    public static IReadOnlyList<ArtifactView> Links(ServeSettings settings, RoundSummary round)
    {
        var folder = ArtifactPublisher.RoundFolder(round.Mode, round.Block, round.BlockHash);
        return [.. Names.Select(name => new ArtifactView(
            name,
            $"{folder}/{name}",
            settings.ArtifactsRoot is not null && File.Exists(FileOf(settings.ArtifactsRoot, round, name))
                ? $"/api/modes/{Uri.EscapeDataString(round.Mode)}/rounds/{round.BlockHash}/artifacts/{name}"
                : null))];
    }

    public static string FileOf(string root, RoundSummary round, string name) =>
        Path.Combine(root, ArtifactPublisher.RoundFolder(round.Mode, round.Block, round.BlockHash), name);
}

/// <summary>Serves one artifact file of a committed round from the local artifact backend's folder.</summary>
internal static class ServeArtifactFile
{
    public static async Task<Microsoft.AspNetCore.Http.IResult> GetAsync(ServeQueries queries, string mode, string blockHash, string name, CancellationToken ct)
    {
        if (!ServeArtifacts.Names.Contains(name))
        {
            throw ApiProblems.NotFound($"Rounds publish {string.Join(" and ", ServeArtifacts.Names)} only.");
        }

        var round = await queries.FindRoundAsync(mode, blockHash, ct).ConfigureAwait(false)
            ?? throw ApiProblems.NotFound($"Mode '{mode}' has no committed round at block hash {blockHash}.");
        var root = queries.Settings.ArtifactsRoot
            ?? throw ApiProblems.NotFound("This server has no local artifact folder (the artifact backend is not 'local'); use the artifact key with your backend.");
        var file = new FileInfo(ServeArtifacts.FileOf(root, round, name));
        if (!file.Exists)
        {
            throw ApiProblems.NotFound($"The artifact {name} of round {round.Block} was not published (or was removed).");
        }

        if (file.Length > ServeArtifacts.MaxBytes)
        {
            throw new ApiProblemException(Microsoft.AspNetCore.Http.StatusCodes.Status500InternalServerError, $"The artifact {name} is larger than {ServeArtifacts.MaxBytes >> 20} MiB; read it from the artifact folder.");
        }

        var bytes = await File.ReadAllBytesAsync(file.FullName, ct).ConfigureAwait(false);
        return Microsoft.AspNetCore.Http.TypedResults.Bytes(bytes, "application/json; charset=utf-8");
    }
}
