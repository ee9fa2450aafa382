using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tournament.Engine.Common.Sqlite;

/// <summary>One forward-only schema step. Never edit a released migration: add a new one.</summary>
/// <param name="Version">The version the step produces (1, 2, …, consecutive).</param>
/// <param name="Description">What the step does.</param>
/// <param name="Sql">The statements.</param>
internal sealed record Migration(int Version, string Description, string Sql);

/// <summary>
/// Brings a SQLite file to the latest schema. The file is marked with an application id (so a chain ledger is never
/// mistaken for a state database); applied steps are recorded in <c>schema_version</c>; all pending steps run in
/// order inside one transaction. A file whose schema is newer than this build is refused.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Known application ids, for messages when the wrong kind of file is configured.</summary>
    private static readonly Dictionary<int, string> KnownApplications = new()
    {
        [ApplicationIds.State] = "Tournament state database",
        [ApplicationIds.Chain] = "Tournament local chain ledger",
    };

    /// <summary>Creates or migrates the schema; returns the version now in the file.</summary>
    /// <param name="file">The file.</param>
    /// <param name="applicationId">The application id that marks this kind of file.</param>
    /// <param name="migrations">All migrations, versions 1..n in order.</param>
    /// <param name="appliedAt">The time recorded for applied steps.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<int> MigrateAsync(SqliteFile file, int applicationId, IReadOnlyList<Migration> migrations, DateTimeOffset appliedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(migrations);
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migration #{i} has version {migrations[i].Version}; versions must be 1..n in order.");
            }
        }

        var connection = await file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await ScalarAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
                var transaction = connection.BeginTransaction(deferred: false);
                await using (transaction.ConfigureAwait(false))
                {
                    var current = await ReadVersionAsync(file, connection, transaction, applicationId, cancellationToken).ConfigureAwait(false);
                    var latest = migrations.Count;
                    if (current > latest)
                    {
                        throw new InvalidDataException(
                            $"The {file.What} '{file.Path}' has schema version {current}, newer than this build understands (up to {latest}); upgrade Tournament, or point {file.OptionKey} at another file.");
                    }

                    foreach (var migration in migrations.Where(m => m.Version > current))
                    {
                        await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                        await ExecuteAsync(
                            connection,
                            transaction,
                            "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, $t);",
                            cancellationToken,
                            ("$v", migration.Version),
                            ("$d", migration.Description),
                            ("$t", appliedAt.ToString("O", CultureInfo.InvariantCulture))).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return latest;
                }
            }
            catch (SqliteException ex) when (file.Translate(ex) is { } clear)
            {
                throw clear;
            }
        }
    }

    /// <summary>
    /// Checks, writing nothing, that a file is this kind of store at exactly the latest schema (what a read-only reader
    /// such as <c>tournament serve</c> needs, since it cannot migrate); throws <see cref="InvalidDataException"/> otherwise.
    /// </summary>
    /// <param name="file">The file.</param>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The read transaction.</param>
    /// <param name="applicationId">The application id that marks this kind of file.</param>
    /// <param name="latest">The schema version this build writes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task CheckCurrentAsync(SqliteFile file, SqliteConnection connection, SqliteTransaction transaction, int applicationId, int latest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var version = await ReadVersionAsync(file, connection, transaction, applicationId, cancellationToken, create: false).ConfigureAwait(false);
        if (version != latest)
        {
            var fix = version < latest ? "run a round (or 'tournament standings') with this build once to migrate it" : "upgrade Tournament";
            throw new InvalidDataException($"The {file.What} '{file.Path}' has schema version {version}; this build reads version {latest}: {fix}.");
        }
    }

    private static async Task<int> ReadVersionAsync(SqliteFile file, SqliteConnection connection, SqliteTransaction transaction, int applicationId, CancellationToken cancellationToken, bool create = true)
    {
        var id = Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA application_id;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (id == 0 && !create)
        {
            throw new InvalidDataException($"The {file.What} '{file.Path}' holds no Tournament schema yet; run a round first.");
        }

        if (id == 0)
        {
            var tables = Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT count(*) FROM sqlite_master;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (tables != 0)
            {
                throw new InvalidDataException($"The {file.What} '{file.Path}' is a SQLite database that Tournament did not create; point {file.OptionKey} at another file.");
            }

            await ExecuteAsync(connection, transaction, $"PRAGMA application_id = {applicationId};", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(
                connection,
                transaction,
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);",
                cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (id != applicationId)
        {
            var kind = KnownApplications.TryGetValue(id, out var name) ? $"a {name}" : $"a SQLite database of another application (id {id})";
            throw new InvalidDataException($"The {file.What} '{file.Path}' is {kind}; point {file.OptionKey} at another file.");
        }

        var version = await ScalarAsync(connection, transaction, "SELECT max(version) FROM schema_version;", cancellationToken).ConfigureAwait(false);
        return version is null or DBNull ? 0 : Convert.ToInt32(version, CultureInfo.InvariantCulture);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
