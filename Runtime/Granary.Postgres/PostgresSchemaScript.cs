using Npgsql;

namespace Granary.Postgres;

/// <summary>
/// The embedded DDL scripts of this assembly (grain state, membership, reminders, stream queues): loaded with
/// their <c>:"placeholder"</c> identifiers filled in, and applied in a schema created on demand.
/// </summary>
internal static class PostgresSchemaScript
{
    /// <summary>The script <paramref name="resourceName"/> with each <c>:"name"</c> replaced by the quoted identifier.</summary>
    public static string Load(string resourceName, params (string Name, string Identifier)[] identifiers)
    {
        using var stream = typeof(PostgresSchemaScript).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {resourceName} is missing.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd();
        foreach (var (name, identifier) in identifiers)
        {
            script = script.Replace($":\"{name}\"", $"\"{identifier}\"", StringComparison.Ordinal);
        }

        return script;
    }

    /// <summary>Creates <paramref name="schema"/> when it is missing, then runs <paramref name="script"/>.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, string schema, string script, CancellationToken cancellationToken)
    {
        await CreateSchemaIfMissingAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        var command = new NpgsqlCommand(script, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CreateSchemaIfMissingAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        // Checked first because CREATE SCHEMA IF NOT EXISTS demands the CREATE privilege even when the schema exists.
        var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", connection);
        await using (exists.ConfigureAwait(false))
        {
            exists.Parameters.Add(new NpgsqlParameter<string>("schema", schema));
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return;
            }
        }

        var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{schema}\"", connection);
        await using (create.ConfigureAwait(false))
        {
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema)
            {
                // Another silo created it at the same moment.
            }
        }
    }
}
