using Microsoft.Data.Sqlite;

namespace Tournament.Engine.Common.Sqlite;

/// <summary>Parameterised command helpers (values are always bound, never spliced into SQL text).</summary>
internal static class Sql
{
    /// <summary>Creates a command with bound parameters; null values bind as SQL NULL.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="text">The SQL text with <c>$name</c> placeholders.</param>
    /// <param name="parameters">The parameter values.</param>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // SQL text is a constant of the calling code; values are bound as parameters.
        command.CommandText = text;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Executes a statement.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="text">The SQL text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="parameters">The parameter values.</param>
    /// <returns>The number of rows changed.</returns>
    public static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, text, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Executes a query and returns the first column of the first row, or null.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="text">The SQL text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="parameters">The parameter values.</param>
    public static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, text, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>Reads all rows of a query with a row mapper.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="text">The SQL text.</param>
    /// <param name="map">Maps the current row.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="parameters">The parameter values.</param>
    public static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string text, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var command = Command(connection, transaction, text, parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }

    /// <summary>Reads a nullable 64-bit integer column.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The column.</param>
    public static long? NullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>Reads a nullable double column.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The column.</param>
    public static double? NullableDouble(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>Reads a nullable text column.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="ordinal">The column.</param>
    public static string? NullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
