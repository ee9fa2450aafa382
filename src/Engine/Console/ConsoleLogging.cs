using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Tournament.Engine.Console;

/// <summary>
/// Console logging for the CLI: one line per message on standard error (standard output stays clean for tables and
/// <c>--json</c>), Information and above, Debug with <c>--verbose</c>.
/// </summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddFilter("System.Net.Http", verbose ? LogLevel.Debug : LogLevel.Warning);
        builder.AddFilter("Microsoft", verbose ? LogLevel.Debug : LogLevel.Warning);
        builder.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.IncludeScopes = verbose;
            options.ColorBehavior = LoggerColorBehavior.Default;
        });
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });
}
