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
        var deadline = timeProvider.GetUtcNow() + options.StartupTimeout;
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyAsync(mode, connectionString, cancellationToken).ConfigureAwait(false);
                LogReady(logger, target, mode);
                return;
            }
            catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                var now = timeProvider.GetUtcNow();
                if (now + delay > deadline)
                {
                    throw new DatabaseUnavailableException(target, attempt, options.StartupTimeout, exception);
                }

                LogRetrying(logger, target, attempt, delay, exception.Message);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
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

        var versions = await migrator.ReadVersionsAsync(options.Provider, connectionString, cancellationToken).ConfigureAwait(false);
        foreach (var module in SchemaScripts.For(options.Provider).GroupBy(script => script.Module))
        {
            var shipped = module.Max(script => script.Version);
            var found = versions.GetValueOrDefault(module.Key);
            if (found > shipped)
            {
                throw new SchemaTooNewException(module.Key, found, shipped);
            }

            if (found < shipped)
            {
                throw new InvalidOperationException(
                    $"The database's '{module.Key}' schema is at version {found}, this build needs {shipped}, and {DatabaseOptions.SectionName}:Schema is Verify. "
                    + "Run 'Granary.Silo migrate' (the schema Job) first, or set Schema to Migrate.");
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
