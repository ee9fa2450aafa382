using Microsoft.Data.Sqlite;

namespace Tournament.Engine.Common.Sqlite;

/// <summary>
/// Opens connections to one SQLite file with the settings every embedded store uses: WAL journal, synchronous=FULL,
/// foreign keys on, a busy timeout, and no connection pooling for writers (no handle outlives an operation, so the file
/// can be moved or backed up between rounds; read-only files pool, see the constructor). Errors caused by the file itself (not a database, corrupt, read-only) become
/// <see cref="InvalidDataException"/> with one sentence naming the file and the fix.
/// </summary>
internal sealed class SqliteFile
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private const int SqliteCantOpen = 14;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const long LowSpaceBytes = 1L << 20;

    private readonly string _connectionString;

    /// <summary>Creates the accessor.</summary>
    /// <param name="path">The absolute file path.</param>
    /// <param name="busyTimeoutSeconds">How long to wait for another writer's lock.</param>
    /// <param name="what">What the file holds, for messages ("state database").</param>
    /// <param name="optionKey">The configuration key that names the file, for messages.</param>
    /// <param name="readOnly">Open read-only (SQLite refuses every write, and a missing file is not created).</param>
    public SqliteFile(string path, int busyTimeoutSeconds, string what, string optionKey, bool readOnly = false)
    {
        Path = path;
        ReadOnly = readOnly;
        BusyTimeoutSeconds = busyTimeoutSeconds;
        What = what;
        OptionKey = optionKey;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            // Writers never pool (no handle outlives an operation). Read-only files pool: a reader that finds no other
            // connection open must rebuild the WAL index under a lock, and concurrent readers would then queue in
            // SQLite's busy handler on every request.
            Pooling = readOnly,
            DefaultTimeout = busyTimeoutSeconds,
        }.ToString();
    }

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <summary>True when connections are opened read-only.</summary>
    public bool ReadOnly { get; }

    /// <summary>The busy timeout in seconds.</summary>
    public int BusyTimeoutSeconds { get; }

    /// <summary>What the file holds, for messages.</summary>
    public string What { get; }

    /// <summary>The configuration key naming the file, for messages.</summary>
    public string OptionKey { get; }

    /// <summary>Opens a configured connection.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!ReadOnly)
        {
            DataPaths.EnsureParentExists(Path);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Translate(ex) ?? throw new InvalidDataException($"The {What} '{Path}' could not be opened: {ex.Message}", ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs a read inside one deferred transaction on a fresh connection: under WAL it is a snapshot, so a concurrent
    /// commit is either wholly seen or not at all, and the reader never blocks the writer.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="read">The queries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                var transaction = connection.BeginTransaction(deferred: true);
                await using (transaction.ConfigureAwait(false))
                {
                    return await read(connection, transaction).ConfigureAwait(false);
                }
            }
            catch (SqliteException ex) when (Translate(ex) is { } clear)
            {
                throw clear;
            }
        }
    }

    /// <summary>Turns an error caused by the file itself (or its disk: full, I/O error) into a clear <see cref="InvalidDataException"/>, or returns null.</summary>
    /// <param name="ex">The SQLite error.</param>
    public InvalidDataException? Translate(SqliteException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var fix = $"move it aside (keep a copy) or point {OptionKey} at another file";
        return (ex.SqliteErrorCode & 0xFF) switch
        {
            SqliteNotADatabase => new InvalidDataException($"The {What} '{Path}' is not a SQLite database; {fix}.", ex),
            SqliteCorrupt => new InvalidDataException($"The {What} '{Path}' is corrupt ({ex.Message}); restore a backup or {fix}.", ex),
            SqliteCantOpen => new InvalidDataException($"The {What} '{Path}' cannot be opened (check that its folder exists and is writable, or {fix}).", ex),
            SqliteReadOnly => new InvalidDataException($"The {What} '{Path}' is read-only; make it writable or {fix}.", ex),
            SqliteFull => NoSpace(ex),
            SqliteIoError => FreeBytes() is < LowSpaceBytes ? NoSpace(ex) : new InvalidDataException($"The {What} '{Path}' could not be written: the disk reported an I/O error ({ex.Message}); check the disk. Nothing was committed.", ex),
            _ => null,
        };
    }

    private InvalidDataException NoSpace(SqliteException ex) =>
        new($"The {What} '{Path}' could not be written: no space left on the device ({FreeBytes()?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} bytes free); free some space and run again. Nothing was committed.", ex);

    private long? FreeBytes()
    {
        try
        {
            return new DriveInfo(System.IO.Path.GetDirectoryName(Path)!).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
