using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Granary.Extensions.Sqlite;

/// <summary>
/// Orleans' reminder table in the embedded SQLite file (the <c>OrleansRemindersTable</c> of the schema scripts, the
/// same rows Orleans' ADO.NET provider would keep). Writes go through the file's single writer
/// (<see cref="SqliteWriteQueues"/>), group-committed with grain state and stream queues: a second writer meeting
/// that one on SQLite's lock made every reminder registration wait for it.
/// </summary>
public sealed class SqliteReminderTable(IOptions<SqliteReminderTableOptions> options, IOptions<ClusterOptions> cluster, SqliteWriteQueues writers)
    : IReminderTable
{
    private const string Columns = "GrainId, ReminderName, StartTime, Period, Version";
    private readonly string _connectionString = options.Value.ConnectionString;
    private readonly string _serviceId = cluster.Value.ServiceId;
    private SqliteWriteQueue? _writer;

    public async Task StartAsync(CancellationToken cancellationToken = default)
        => _writer = await writers.AcquireAsync(_connectionString, options.Value.MaxWritesPerCommit, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_writer is not null)
        {
            _writer = null;
            await writers.ReleaseAsync(_connectionString, cancellationToken);
        }
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId)
        => ReadAsync("GrainId = $grain", command => command.Parameters.AddWithValue("$grain", grainId.ToString()));

    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        // Hashes are stored as signed integers (as Orleans' ADO.NET provider stores them); a cast turns the ring
        // but keeps its order, so the range (begin, end] is one interval or, when it wraps, two.
        var range = (int)begin < (int)end ? "GrainHash > $begin AND GrainHash <= $end" : "(GrainHash > $begin OR GrainHash <= $end)";
        return ReadAsync(range, command =>
        {
            command.Parameters.AddWithValue("$begin", (int)begin);
            command.Parameters.AddWithValue("$end", (int)end);
        });
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await ReadAsync("GrainId = $grain AND ReminderName = $name", command =>
        {
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
        });
        return rows.Reminders.Count > 0 ? rows.Reminders[0] : null;
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        long version = 0;
        await Writer().RunAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction,
                """
                INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
                VALUES ($service, $grain, $name, $start, $period, $hash, 0)
                ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
                   SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash, Version = Version + 1
                RETURNING Version;
                """);
            command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
            command.Parameters.AddWithValue("$name", entry.ReminderName);
            command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime());
            command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMilliseconds);
            command.Parameters.AddWithValue("$hash", (int)entry.GrainId.GetUniformHashCode());
            version = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        });
        return version.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        var removed = false;
        await Writer().RunAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction,
                "DELETE FROM OrleansRemindersTable WHERE ServiceId = $service AND GrainId = $grain AND ReminderName = $name AND Version = $version;");
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
            command.Parameters.AddWithValue("$version", version);
            removed = command.ExecuteNonQuery() > 0;
        });
        return removed;
    }

    public Task TestOnlyClearTable()
        => Writer().RunAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, "DELETE FROM OrleansRemindersTable WHERE ServiceId = $service;");
            command.ExecuteNonQuery();
        });

    private async Task<ReminderTableData> ReadAsync(string filter, Action<SqliteCommand> bind)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, null, $"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $service AND {filter};");
        bind(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return new ReminderTableData(entries);
    }

    private SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        return command;
    }

    private SqliteWriteQueue Writer()
        => _writer ?? throw new InvalidOperationException("The SQLite reminder table has not started; nothing was written.");
}
