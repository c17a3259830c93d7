using System.Data.Common;
using Granary.Extensions.Schema;
using Granary.Silo.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Granary.Silo.Database;

/// <summary>
/// Brings the database to the shipped schema before anything else touches it: waits for the server (retrying with
/// backoff until <see cref="DatabaseOptions.StartupTimeout"/>, logging what it tried), then applies the missing
/// scripts or, in <see cref="SchemaMode.Verify"/> mode, checks that none is missing. Used by the silo at start-up and by
/// the <c>migrate</c> command.
/// </summary>
public sealed partial class DatabaseStartup(DatabaseOptions options, SchemaMigrator migrator, TimeProvider timeProvider, ILogger<DatabaseStartup> logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    public async Task RunAsync(SchemaMode mode, CancellationToken cancellationToken)
    {
        var connectionString = DatabaseConnection.Resolve(options);
        var target = DatabaseConnection.Describe(options.Provider, connectionString);
        // The deadline bounds each attempt too (a connect or a lock wait can outlast it), not only the waits between them.
        using var deadline = new CancellationTokenSource(options.StartupTimeout, timeProvider);
        using var attempts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var delay = FirstRetryDelay;
        Exception? lastError = null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyAsync(mode, connectionString, attempts.Token).ConfigureAwait(false);
                LogReady(logger, target, mode);
                return;
            }
            catch (Exception exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new DatabaseUnavailableException(target, attempt, options.StartupTimeout, lastError ?? exception);
            }
            catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                lastError = exception;
                LogRetrying(logger, target, attempt, delay, exception.Message);
                try
                {
                    await Task.Delay(delay, timeProvider, attempts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new DatabaseUnavailableException(target, attempt, options.StartupTimeout, exception);
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task ApplyAsync(SchemaMode mode, string connectionString, CancellationToken cancellationToken)
    {
        if (mode == SchemaMode.Migrate)
        {
            await migrator.MigrateAsync(options.Provider, connectionString, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Verify applies nothing but refuses what Migrate would refuse: a newer schema, an edited script, a missing one.
        var history = (await migrator.ReadHistoryAsync(options.Provider, connectionString, cancellationToken).ConfigureAwait(false))
            .ToDictionary(row => (row.Module, row.Version), row => row.Checksum);
        foreach (var module in SchemaScripts.For(options.Provider).GroupBy(script => script.Module))
        {
            var shipped = module.Max(script => script.Version);
            var found = history.Keys.Where(key => key.Module == module.Key).Select(key => key.Version).DefaultIfEmpty(0).Max();
            if (found > shipped)
            {
                throw new SchemaTooNewException(module.Key, found, shipped);
            }

            foreach (var script in module)
            {
                if (!history.TryGetValue((script.Module, script.Version), out var checksum))
                {
                    throw new InvalidOperationException(
                        $"The database's '{module.Key}' schema lacks {script.Name}, which this build needs, and {DatabaseOptions.SectionName}:Schema is Verify. "
                        + "Run 'Granary.Silo migrate' (the schema Job) first, or set Schema to Migrate.");
                }

                if (!string.Equals(checksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
                {
                    throw new SchemaChecksumMismatchException(script.Name, checksum, script.Checksum);
                }
            }
        }
    }

    // Worth retrying: the server is not up yet, restarting, or refusing connections for now. Not worth it: bad
    // credentials, a missing database, a schema problem: those are reported at once.
    private static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED: another process holds the file
        DbException db => db.IsTransient,
        TimeoutException => true,
        _ => false,
    };
}
