using System.Data.Common;
using Granary.Persistence.Relational;
using Granary.Reminders.Relational;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Granary.Postgres.Reminders;

/// <summary>
/// The reminders of one cluster in PostgreSQL (the rules live in <see cref="RelationalReminderTable"/>). Owns one
/// <see cref="NpgsqlDataSource"/>, disposed with the container.
/// </summary>
internal sealed partial class PostgresReminderTable : RelationalReminderTable, IAsyncDisposable, IDisposable
{
    private const string SchemaResourceName = "Granary.Postgres.Reminders.ReminderSchema.sql";

    private readonly PostgresReminderOptions _options;
    private readonly NpgsqlDataSource _dataSource;

    /// <param name="loggerFactory">Creates this table's logger and Npgsql's; none logs nothing.</param>
    public PostgresReminderTable(PostgresReminderOptions options, TimeProvider time, ILoggerFactory? loggerFactory)
        : base(
            "PostgreSQL",
            Validated(options).ClusterId,
            RelationalReminderStatements.WithOnConflict(Table(options), terminator: string.Empty),
            time,
            (ILogger?)loggerFactory?.CreateLogger<PostgresReminderTable>() ?? NullLogger.Instance,
            serializeWrites: false,
            cancellationWins: false)
    {
        _options = options;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = "granary-reminders" };
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        _dataSource = builder.Build();
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    protected override async Task InitializeTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_options.CreateSchema)
        {
            var script = PostgresSchemaScript.Load(SchemaResourceName, ("schema", _options.Schema), ("table", _options.TableName));
            await PostgresSchemaScript.ApplyAsync((NpgsqlConnection)connection, _options.Schema, script, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override void LogInitialized() => Log.Initialized(Logger, ClusterId, Table(_options), _options.CreateSchema);

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override DbCommand CreateCommand(DbConnection connection, string sql) => new NpgsqlCommand(sql, (NpgsqlConnection)connection);

    protected override DbParameter CreateTextParameter(string name, string value) => new NpgsqlParameter<string>(name, value);

    protected override DbParameter CreateInt64Parameter(string name, long value) => new NpgsqlParameter<long>(name, value);

    protected override DbParameter CreateTimeParameter(string name, DateTime utc) => new NpgsqlParameter<DateTime>(name, DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    protected override DateTime ReadTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    private static PostgresReminderOptions Validated(PostgresReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!StorageIdentifier.IsValid(options.Schema) || !StorageIdentifier.IsValid(options.TableName))
        {
            throw new ArgumentException($"Schema '{options.Schema}' or table '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        return options;
    }

    private static string Table(PostgresReminderOptions options) => $"\"{options.Schema}\".\"{options.TableName}\"";
}
