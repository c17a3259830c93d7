using System.Data.Common;
using Granary.Persistence;
using Granary.Persistence.Relational;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Granary.Postgres.Persistence;

/// <summary>
/// Grain state in one PostgreSQL table keyed by (grain_type, grain_key, state_name), with the ETag and tombstone
/// rules of <see cref="RelationalGrainStorage"/>: a duplicate activation on another silo holding a stale version
/// changes nothing. Owns one <see cref="NpgsqlDataSource"/> (its connection pool), disposed with the container.
/// </summary>
internal sealed partial class PostgresGrainStorage : RelationalGrainStorage, IAsyncDisposable, IDisposable
{
    private const string ProviderDisplayName = "Postgres";
    private const string SchemaResourceName = "Granary.Postgres.Persistence.GrainStateSchema.sql";

    private readonly PostgresGrainStorageOptions _options;
    private readonly NpgsqlDataSource _dataSource;

    public PostgresGrainStorage(
        string name,
        PostgresGrainStorageOptions options,
        IGrainStateSerializer serializer,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory,
        ILogger logger)
        : base(ProviderDisplayName, name, CreateStatements(options), serializer, timeProvider, logger, serializeWrites: false)
    {
        _options = options;

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = $"granary-storage-{name}" };
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        _dataSource = builder.Build();
    }

    private string QualifiedTableName => QualifiedName(_options);

    /// <summary>Creates the schema if missing, then runs the embedded <c>GrainStateSchema.sql</c>; idempotent.</summary>
    public override async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!_options.CreateSchema)
        {
            Log.SchemaCreationSkipped(Logger, Name, QualifiedTableName);
            return;
        }

        var script = PostgresSchemaScript.Load(SchemaResourceName, ("schema", _options.Schema), ("table", _options.TableName));
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await PostgresSchemaScript.ApplyAsync(connection, _options.Schema, script, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DbException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw SchemaFailure(QualifiedTableName, ex);
        }

        Log.SchemaEnsured(Logger, Name, QualifiedTableName);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override DbParameter CreateTextParameter(string name, string value) => new NpgsqlParameter<string>(name, value);

    protected override DbParameter CreateInt64Parameter(string name, long value) => new NpgsqlParameter<long>(name, value);

    protected override DbParameter CreateBinaryParameter(string name, byte[]? value) =>
        new NpgsqlParameter(name, NpgsqlDbType.Bytea) { Value = (object?)value ?? DBNull.Value };

    protected override DbParameter CreateTimestampParameter(string name, DateTimeOffset value) => new NpgsqlParameter<DateTimeOffset>(name, value);

    private static string QualifiedName(PostgresGrainStorageOptions options) => $"\"{options.Schema}\".\"{options.TableName}\"";

    private static RelationalGrainStateStatements CreateStatements(PostgresGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!StorageIdentifier.IsValid(options.Schema) || !StorageIdentifier.IsValid(options.TableName))
        {
            throw new ArgumentException($"Schema '{options.Schema}' or table '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        return RelationalGrainStateStatements.WithOnConflictAndReturning(QualifiedName(options), terminator: string.Empty);
    }
}
