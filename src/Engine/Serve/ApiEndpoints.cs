using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tournament.Abstractions;

namespace Tournament.Engine.Serve;

/// <summary>The read-only JSON API under <c>/api</c> (docs/serve.md lists every endpoint and bound).</summary>
internal static class ApiEndpoints
{
    public const int MaxStandingsPage = 1000;
    public const int MaxRoundsPage = 100;
    public const int MaxDisqualificationsPage = 500;
    public const int MaxSubmissionRounds = 500;
    public const int MaxChartRounds = 200;
    public const int MaxChartSeries = 20;

    public static void Map(IEndpointRouteBuilder app, ServeQueries queries)
    {
        var api = app.MapGroup("/api").AddEndpointFilter((context, next) => HttpCaching.FilterAsync(context, next, queries))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/modes", async (CancellationToken ct) => ServeJson.Ok(await queries.ModesAsync(ct)))
            .Produces<ModesView>().WithSummary("The configured mode and every mode with committed rounds.");

        var mode = api.MapGroup("/modes/{mode}").ProducesProblem(StatusCodes.Status404NotFound)
            .AddEndpointFilter(async (context, next) =>
            {
                var name = (string)context.HttpContext.Request.RouteValues["mode"]!;
                var version = (long)context.HttpContext.Items[HttpCaching.VersionKey]!;
                return await queries.ModeExistsAsync(name, version, context.HttpContext.RequestAborted)
                    ? await next(context)
                    : throw ApiProblems.NotFound($"There is no mode '{Clip(name)}'; GET /api/modes lists them.");
            });
        mode.MapGet("/king", async (string mode, CancellationToken ct) => ServeJson.Ok(await queries.KingAsync(mode, ct)))
            .Produces<KingView>().WithSummary("The current king, since when and why, the weights of the last round, and the latest changes of king.");
        mode.MapGet("/standings", async (string mode, string? offset, string? limit, CancellationToken ct) =>
                ServeJson.Ok(await queries.StandingsAsync(mode, Offset(offset), ApiProblems.Int(limit, "limit", 100, 1, MaxStandingsPage), ct)))
            .Produces<PageView<StandingView>>().WithSummary($"The standings, best first (limit 1-{MaxStandingsPage}, default 100).");
        mode.MapGet("/rounds", async (string mode, string? offset, string? limit, CancellationToken ct) =>
                ServeJson.Ok(await queries.RoundsAsync(mode, Offset(offset), ApiProblems.Int(limit, "limit", 20, 1, MaxRoundsPage), ct)))
            .Produces<PageView<RoundSummary>>().WithSummary($"Committed rounds, newest first (limit 1-{MaxRoundsPage}, default 20).");
        mode.MapGet("/rounds/{blockHash}", async (string mode, string blockHash, string? prompts, CancellationToken ct) =>
                ServeJson.Ok(await queries.RoundAsync(mode, ApiProblems.BlockHash(blockHash), ApiProblems.Bool(prompts, "prompts"), ct)
                    ?? throw ApiProblems.NotFound($"Mode '{Clip(mode)}' has no committed round at block hash {blockHash}.")))
            .Produces<RoundDetailView>().WithSummary($"One round: every outcome, score and reason, weights, disqualifications, passed checks, artifacts (per-prompt values with prompts=true, at most {ServeQueries.MaxPromptValues}).");
        mode.MapGet("/rounds/{blockHash}/artifacts/{name}", async (string mode, string blockHash, string name, CancellationToken ct) =>
                await ServeArtifactFile.GetAsync(queries, mode, ApiProblems.BlockHash(blockHash), name, ct))
            .Produces(StatusCodes.Status200OK, contentType: "application/json").WithSummary("A round's published artifact (local artifact backend only).");
        mode.MapGet("/submissions/{hotkey}/{commitBlock}", async (string mode, string hotkey, string commitBlock, string? rounds, CancellationToken ct) =>
            {
                var key = new SubmissionKey(ApiProblems.Hotkey(hotkey), ApiProblems.CommitBlock(commitBlock));
                return ServeJson.Ok(await queries.SubmissionAsync(mode, key, ApiProblems.Int(rounds, "rounds", 100, 1, MaxSubmissionRounds), ct)
                    ?? throw ApiProblems.NotFound($"Mode '{Clip(mode)}' has no submission {Clip(hotkey)}:{commitBlock}."));
            })
            .Produces<SubmissionView>().WithSummary($"One submission: model, standing, checks passed, disqualification, and its latest rounds (rounds 1-{MaxSubmissionRounds}, default 100).");
        mode.MapGet("/disqualifications", async (string mode, string? offset, string? limit, CancellationToken ct) =>
                ServeJson.Ok(await queries.DisqualificationsAsync(mode, Offset(offset), ApiProblems.Int(limit, "limit", 100, 1, MaxDisqualificationsPage), ct)))
            .Produces<PageView<DisqualificationRecord>>().WithSummary($"Disqualified submissions with reason code, message and source (limit 1-{MaxDisqualificationsPage}, default 100).");
        mode.MapGet("/chart", async (string mode, string? rounds, string? top, CancellationToken ct) =>
                ServeJson.Ok(await queries.ChartAsync(mode, ApiProblems.Int(rounds, "rounds", 100, 1, MaxChartRounds), ApiProblems.Int(top, "top", 10, 1, MaxChartSeries), ct)))
            .Produces<ChartView>().WithSummary($"Scores of the leading submissions over the latest rounds (rounds 1-{MaxChartRounds}, top 1-{MaxChartSeries}).");
    }

    private static int Offset(string? text) => ApiProblems.Int(text, "offset", 0, 0, 100_000_000);

    /// <summary>Echoes at most 64 characters of a request value in a message.</summary>
    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
