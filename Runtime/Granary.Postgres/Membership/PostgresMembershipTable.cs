using System.Data.Common;
using System.Globalization;
using Granary.Membership;
using Granary.Membership.Relational;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Granary.Postgres.Membership;

/// <summary>
/// The membership table of one cluster in PostgreSQL (the CAS flow lives in <see cref="RelationalMembershipTable"/>).
/// Owns one <see cref="NpgsqlDataSource"/>, disposed with the container.
/// </summary>
internal sealed partial class PostgresMembershipTable : RelationalMembershipTable, IAsyncDisposable, IDisposable
{
    private const string SchemaResourceName = "Granary.Postgres.Membership.MembershipSchema.sql";

    private readonly PostgresClusteringOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;
    private readonly string _versionTable;

    /// <param name="loggerFactory">Creates this table's logger and Npgsql's; none logs nothing.</param>
    public PostgresMembershipTable(PostgresClusteringOptions options, ILoggerFactory? loggerFactory)
        : base(
            "PostgreSQL",
            Validated(options).ClusterId,
            RelationalMembershipStatements.WithOnConflict(
                Table(options), VersionTable(options), terminator: string.Empty, clusterIdSelect: "@cluster_id::text",
                suspectTimesSelect: "m.suspect_times::text", greatest: "GREATEST", now: "now()"),
            (ILogger?)loggerFactory?.CreateLogger<PostgresMembershipTable>() ?? NullLogger.Instance,
            serializeWrites: false,
            cancellationWins: false)
    {
        _options = options;
        _table = Table(options);
        _versionTable = VersionTable(options);
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = "granary-membership" };
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        _dataSource = builder.Build();
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    protected override async Task InitializeTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_options.CreateSchema)
        {
            var script = PostgresSchemaScript.Load(
                SchemaResourceName, ("schema", _options.Schema), ("version_table", $"{_options.TableName}_version"), ("table", _options.TableName));
            await PostgresSchemaScript.ApplyAsync((NpgsqlConnection)connection, _options.Schema, script, cancellationToken).ConfigureAwait(false);
        }

        var insert = Command(
            connection,
            null,
            $"INSERT INTO {_versionTable} (cluster_id, version, modified_at) VALUES (@cluster_id, 0, now()) ON CONFLICT (cluster_id) DO NOTHING");
        await using (insert.ConfigureAwait(false))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override void LogInitialized() => Log.Initialized(Logger, ClusterId, _table, _options.CreateSchema);

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql) =>
        new NpgsqlCommand(sql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);

    protected override void AddClusterId(DbCommand command, string clusterId) => command.Parameters.Add(new NpgsqlParameter<string>("cluster_id", clusterId));

    protected override void AddKey(DbCommand command, SiloAddress silo)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("host", silo.Host));
        command.Parameters.Add(new NpgsqlParameter<int>("port", silo.Port));
        command.Parameters.Add(new NpgsqlParameter<long>("generation", silo.Generation));
    }

    protected override void AddEntry(DbCommand command, MembershipEntry entry)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("silo_name", entry.SiloName));
        command.Parameters.Add(new NpgsqlParameter<string>("host_name", entry.HostName));
        command.Parameters.Add(new NpgsqlParameter<short>("status", (short)entry.Status));
        command.Parameters.Add(new NpgsqlParameter("gateway_port", NpgsqlDbType.Integer) { Value = (object?)entry.GatewayPort ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("start_time", entry.StartTime.ToUniversalTime()));
        AddIAmAliveTime(command, entry.IAmAliveTime);
        command.Parameters.Add(new NpgsqlParameter("suspect_times", NpgsqlDbType.Jsonb) { Value = SuspectTimesJson.Format(entry.SuspectTimes) });
    }

    protected override void AddIAmAliveTime(DbCommand command, DateTimeOffset iAmAliveTime) =>
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("iamalive_time", iAmAliveTime.ToUniversalTime()));

    protected override void AddDefunctFilter(DbCommand command, SiloStatus dead, DateTimeOffset before)
    {
        command.Parameters.Add(new NpgsqlParameter<short>("dead", (short)dead));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", before.ToUniversalTime()));
    }

    protected override void AddVersions(DbCommand command, int newVersion, int expectedVersion)
    {
        command.Parameters.Add(new NpgsqlParameter<int>("new_version", newVersion));
        command.Parameters.Add(new NpgsqlParameter<int>("expected_version", expectedVersion));
    }

    // Row versions are PostgreSQL integers: TryParseRowVersion accepts only etags in int range.
    protected override void AddRowVersion(DbCommand command, long rowVersion) => command.Parameters.Add(new NpgsqlParameter<int>("row_version", checked((int)rowVersion)));

    protected override bool TryParseRowVersion(string rowEtag, out long rowVersion)
    {
        var parsed = int.TryParse(rowEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var version);
        rowVersion = version;
        return parsed;
    }

    protected override SiloStatus ReadStatus(DbDataReader reader, int ordinal) => (SiloStatus)reader.GetInt16(ordinal);

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    protected override string ReadRowVersion(DbDataReader reader, int ordinal) => FormatVersion(reader.GetInt32(ordinal));

    private static PostgresClusteringOptions Validated(PostgresClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!PostgresClusteringOptionsValidator.IsValidIdentifier(options.Schema) || !PostgresClusteringOptionsValidator.IsValidIdentifier(options.TableName))
        {
            throw new ArgumentException($"Schema '{options.Schema}' or table '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        return options;
    }

    private static string Table(PostgresClusteringOptions options) => $"\"{options.Schema}\".\"{options.TableName}\"";

    private static string VersionTable(PostgresClusteringOptions options) => $"\"{options.Schema}\".\"{options.TableName}_version\"";
}
