using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Common;
using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.State;

/// <summary>
/// The embedded state store: one SQLite file (WAL, synchronous=FULL). A round commits in one IMMEDIATE transaction;
/// every read of a mode's state runs in one read transaction, so readers never see half a round.
/// </summary>
[Component("sqlite", Options = typeof(SqliteStateStoreOptions), Description = "Durable state in a SQLite file (default <DataDirectory>/state.db).")]
internal sealed partial class SqliteStateStore : IStateStore, IDisposable
{
    private readonly SqliteFile _file;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteStateStore> _logger;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates the store; the file is created or migrated on first use.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="environment">The host environment (paths).</param>
    /// <param name="time">The clock (migration timestamps).</param>
    /// <param name="logger">The logger.</param>
    public SqliteStateStore(SqliteStateStoreOptions options, HostEnvironment environment, TimeProvider time, ILogger<SqliteStateStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _file = new SqliteFile(DataPaths.Resolve(environment, options.Path, "state.db"), options.BusyTimeoutSeconds, "state database", "Components:sqlite:Path");
        _time = time;
        _logger = logger;
    }

    /// <summary>The database file.</summary>
    public string Path => _file.Path;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                var version = await SchemaMigrator.MigrateAsync(_file, ApplicationIds.State, StateSchema.Migrations, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    LogSchemaVersion(_logger, _file.Path, version);
                }

                _initialized = true;
            }
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <inheritdoc />
    public Task<StateSnapshot> LoadAsync(string mode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        return ReadAsync((c, t) => StateReader.ReadSnapshotAsync(c, t, mode, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<RoundSummary?> FindRoundAsync(string mode, string blockHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        ArgumentException.ThrowIfNullOrWhiteSpace(blockHash);
        return ReadAsync((c, t) => StateReader.FindRoundAsync(c, t, mode, blockHash, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoundSummary>> ListRoundsAsync(string mode, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync((c, t) => StateReader.ReadRoundsAsync(c, t, mode, limit, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ModelScoreRecord>> LoadScoresAsync(string mode, string blockHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        ArgumentException.ThrowIfNullOrWhiteSpace(blockHash);
        return ReadAsync((c, t) => StateReader.ReadScoresAsync(c, t, mode, blockHash, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> CommitRoundAsync(RoundRecord round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentException.ThrowIfNullOrWhiteSpace(round.Summary.Mode);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var summary = round.Summary;
        var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                // BEGIN IMMEDIATE: the write lock is taken up front, so two committers never deadlock on upgrade.
                var transaction = connection.BeginTransaction(deferred: false);
                await using (transaction.ConfigureAwait(false))
                {
                    using var writer = new RoundWriter(connection, transaction, cancellationToken);
                    var written = await writer.WriteAsync(round).ConfigureAwait(false);
                    if (!written)
                    {
                        if (_logger.IsEnabled(LogLevel.Information))
                        {
                            LogAlreadyCommitted(_logger, summary.Mode, summary.Block, summary.BlockHash);
                        }

                        return false;
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (SqliteException ex) when (_file.Translate(ex) is { } clear)
            {
                throw clear;
            }
            catch (SqliteException ex)
            {
                throw new InvalidOperationException(
                    $"Committing round {summary.Mode} at block {summary.Block} ({summary.BlockHash}) failed and was rolled back: {ex.Message}", ex);
            }
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogCommitted(_logger, summary.Mode, summary.Block, summary.BlockHash);
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _initialization.Dispose();

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> read, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _file.ReadAsync(read, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "State database {Path} is at schema version {Version}")]
    private static partial void LogSchemaVersion(ILogger logger, string path, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {Mode} at block {Block} ({Hash}) is already committed; nothing changed")]
    private static partial void LogAlreadyCommitted(ILogger logger, string mode, long block, string hash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed round {Mode} at block {Block} ({Hash})")]
    private static partial void LogCommitted(ILogger logger, string mode, long block, string hash);
}
