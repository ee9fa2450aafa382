using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tournament.Engine.Common.Sqlite;
using Tournament.Engine.State;

namespace Tournament.Engine.Serve;

/// <summary>The state database is missing, unreadable or at another schema version; the API answers 503.</summary>
internal sealed class StateUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Read-only access to the committed state for <c>tournament serve</c>: every read opens the file read-only (SQLite
/// refuses writes) and runs in one deferred transaction, a WAL snapshot, so a page never mixes two rounds and a reader
/// never blocks <c>tournament run</c>'s commit. Queries are the state store's own (<see cref="StateReader"/>).
/// </summary>
internal sealed class ServeState
{
    private readonly SqliteFile _file;
    private readonly ServeMetrics _metrics;
    private volatile bool _schemaChecked;

    public ServeState(string path, ServeMetrics metrics)
    {
        _file = new SqliteFile(path, busyTimeoutSeconds: 5, "state database", "Components:sqlite:Path", readOnly: true);
        _metrics = metrics;
    }

    /// <summary>The database file.</summary>
    public string Path => _file.Path;

    /// <summary>Runs queries in one read snapshot.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="read">The queries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> read, CancellationToken cancellationToken)
    {
        if (!File.Exists(_file.Path))
        {
            throw new StateUnavailableException("The state database does not exist yet: no round has been committed.");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            return await _file.ReadAsync(
                async (connection, transaction) =>
                {
                    if (!_schemaChecked)
                    {
                        await SchemaMigrator.CheckCurrentAsync(_file, connection, transaction, ApplicationIds.State, StateSchema.Latest, cancellationToken).ConfigureAwait(false);
                        await EnsureWalAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                        _schemaChecked = true;
                    }

                    return await read(connection, transaction).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or SqliteException)
        {
            _metrics.StateReadFailed();
            throw new StateUnavailableException("The state database cannot be read: " + ex.Message, ex);
        }
        finally
        {
            _metrics.StateRead(Stopwatch.GetElapsedTime(started));
        }
    }

    // The engine puts the file in WAL mode when it creates it; a reader that found rollback-journal mode would block the
    // round's commit for as long as it reads, so serve refuses such a file instead.
    private async Task EnsureWalAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var mode = (string?)await Sql.ScalarAsync(connection, transaction, "PRAGMA journal_mode;", cancellationToken).ConfigureAwait(false);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"The state database '{_file.Path}' is in '{mode}' journal mode, not WAL; run a round with this build once (it sets WAL) so readers never block the round's commit.");
        }
    }
}
