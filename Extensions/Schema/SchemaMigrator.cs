using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Granary.Extensions.Schema;

/// <summary>
/// Applies the shipped schema scripts to a database, each script once, in a transaction of its own, recorded in
/// <c>granary_schema_history</c> (module, version, checksum). Migrators started at the same moment (three silos, or a
/// silo and the schema Job) serialize on a database lock, so each step runs once. Running it again changes nothing;
/// a build with later versions upgrades in place; a database written by a newer build is refused
/// (<see cref="SchemaTooNewException"/>).
/// </summary>
public sealed partial class SchemaMigrator(ILogger<SchemaMigrator> logger, TimeProvider timeProvider)
{
    private const string HistoryTable = "granary_schema_history";

    // One fixed advisory-lock key for every Granary migrator of a PostgreSQL database.
    private const long PostgresLockKey = 0x4752_414E_4152_5901;

    /// <summary>Applies <see cref="SchemaScripts.For"/> of <paramref name="database"/>; returns the scripts it applied.</summary>
    public Task<IReadOnlyList<SchemaScript>> MigrateAsync(DatabaseKind database, string connectionString, CancellationToken cancellationToken = default)
        => MigrateAsync(database, connectionString, SchemaScripts.For(database), cancellationToken);

    /// <summary>Applies <paramref name="scripts"/> (a subset in tests: an older release); returns the ones it applied.</summary>
    public async Task<IReadOnlyList<SchemaScript>> MigrateAsync(
        DatabaseKind database, string connectionString, IReadOnlyList<SchemaScript> scripts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var applied = new List<SchemaScript>();
        await using var connection = Open(database, connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (database == DatabaseKind.Sqlite)
        {
            // WAL lets readers run beside the one writer; the setting is stored in the file, and cannot change inside a transaction.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        var known = scripts.GroupBy(script => script.Module).ToDictionary(group => group.Key, group => group.Max(script => script.Version), StringComparer.Ordinal);
        RefuseNewerSchema(known, await ReadVersionsAsync(database, connection, null, cancellationToken).ConfigureAwait(false));
        foreach (var script in scripts)
        {
            if (await ApplyAsync(database, connection, script, known, cancellationToken).ConfigureAwait(false))
            {
                applied.Add(script);
            }
        }

        LogMigrated(logger, database, scripts.Count, applied.Count);
        return applied;
    }

    /// <summary>The versions recorded in the database, by module (empty before the first migration).</summary>
    public async Task<IReadOnlyDictionary<string, int>> ReadVersionsAsync(DatabaseKind database, string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = Open(database, connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadVersionsAsync(database, connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every applied script recorded in the database: module, version and the checksum it was applied with.</summary>
    public async Task<IReadOnlyList<(string Module, int Version, string Checksum)>> ReadHistoryAsync(DatabaseKind database, string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = Open(database, connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var history = new List<(string, int, string)>();
        if (!await HistoryExistsAsync(database, connection, null, cancellationToken).ConfigureAwait(false))
        {
            return history;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT module, version, checksum FROM {HistoryTable} ORDER BY module, version;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            history.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(2)));
        }

        return history;
    }

    private async Task<bool> ApplyAsync(DatabaseKind database, DbConnection connection, SchemaScript script, IReadOnlyDictionary<string, int> known, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (database == DatabaseKind.Postgres)
        {
            // Held until commit: a second migrator waits here, then sees the step recorded and skips it.
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresLockKey});", cancellationToken).ConfigureAwait(false);
        }

        // (SQLite: Microsoft.Data.Sqlite begins IMMEDIATE transactions, which already exclude other writers.)
        await ExecuteAsync(connection, transaction, HistoryDdl(database), cancellationToken).ConfigureAwait(false);

        // Checked again under the lock: a newer release's migrator may have run since this one started.
        RefuseNewerSchema(known, await ReadVersionsAsync(database, connection, transaction, cancellationToken).ConfigureAwait(false));
        var recorded = await ReadChecksumAsync(connection, transaction, script, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            if (!string.Equals(recorded, script.Checksum, StringComparison.OrdinalIgnoreCase))
            {
                throw new SchemaChecksumMismatchException(script.Name, recorded, script.Checksum);
            }

            return false;
        }

        await ExecuteAsync(connection, transaction, script.Sql, cancellationToken).ConfigureAwait(false);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {HistoryTable} (module, version, name, checksum, applied_at) VALUES (@module, @version, @name, @checksum, @applied_at);";
            AddParameter(insert, "module", script.Module);
            AddParameter(insert, "version", script.Version);
            AddParameter(insert, "name", script.Name);
            AddParameter(insert, "checksum", script.Checksum);
            AddParameter(insert, "applied_at", timeProvider.GetUtcNow().UtcDateTime.ToString("O"));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogApplied(logger, script.Name, database);
        return true;
    }

    private static void RefuseNewerSchema(IReadOnlyDictionary<string, int> known, IReadOnlyDictionary<string, int> recorded)
    {
        foreach (var (module, version) in recorded)
        {
            if (known.TryGetValue(module, out var knownVersion) && version > knownVersion)
            {
                throw new SchemaTooNewException(module, version, knownVersion);
            }
        }
    }

    private static async Task<IReadOnlyDictionary<string, int>> ReadVersionsAsync(DatabaseKind database, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!await HistoryExistsAsync(database, connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            return versions;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT module, MAX(version) FROM {HistoryTable} GROUP BY module;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return versions;
    }

    private static async Task<bool> HistoryExistsAsync(DatabaseKind database, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = database == DatabaseKind.Postgres
            ? $"SELECT to_regclass('{HistoryTable}') IS NOT NULL;"
            : $"SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}';";
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> ReadChecksumAsync(DbConnection connection, DbTransaction transaction, SchemaScript script, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT checksum FROM {HistoryTable} WHERE module = @module AND version = @version;";
        AddParameter(command, "module", script.Module);
        AddParameter(command, "version", script.Version);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static string HistoryDdl(DatabaseKind database) =>
        $"""
        CREATE TABLE IF NOT EXISTS {HistoryTable} (
            module {(database == DatabaseKind.Postgres ? "varchar(64)" : "TEXT")} NOT NULL,
            version integer NOT NULL,
            name {(database == DatabaseKind.Postgres ? "varchar(256)" : "TEXT")} NOT NULL,
            checksum {(database == DatabaseKind.Postgres ? "varchar(64)" : "TEXT")} NOT NULL,
            applied_at {(database == DatabaseKind.Postgres ? "varchar(40)" : "TEXT")} NOT NULL,
            PRIMARY KEY (module, version));
        """;

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static DbConnection Open(DatabaseKind database, string connectionString) => database switch
    {
        DatabaseKind.Postgres => new NpgsqlConnection(connectionString),
        DatabaseKind.Sqlite => new SqliteConnection(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, "Unknown database kind."),
    };
}
