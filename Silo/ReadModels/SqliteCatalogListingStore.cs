using System.Globalization;
using Granary.Extensions.Sqlite;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Granary.Silo.ReadModels;

/// <summary>
/// The catalog listing table in the embedded SQLite file (script <c>catalog.001.listing.sql</c>). Writes go through
/// the file's single writer (<see cref="SqliteWriteQueues"/>), shared with grain state and stream queues.
/// </summary>
internal sealed class SqliteCatalogListingStore : ICatalogListingStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly SqliteWriteQueues _writers;
    private readonly Lazy<Task<SqliteWriteQueue>> _writer;

    public SqliteCatalogListingStore(string connectionString, SqliteWriteQueues writers, IOptions<ClusterOptions> cluster)
    {
        _connectionString = connectionString;
        _serviceId = cluster.Value.ServiceId;
        _writers = writers;
        _writer = new(() => writers.AcquireAsync(connectionString, maxWritesPerCommit: 512, CancellationToken.None));
    }

    public async Task UpsertAsync(ProductView product, CancellationToken cancellationToken = default)
    {
        var writer = await _writer.Value;
        await writer.RunAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                """
                INSERT INTO catalog_listing (service_id, sku, name, description, price_amount, price_currency, discontinued, version, updated_at, search_text)
                VALUES ($service, $sku, $name, $description, $amount, $currency, $discontinued, $version, $updated, $search)
                ON CONFLICT (service_id, sku) DO UPDATE SET
                    name = excluded.name, description = excluded.description, price_amount = excluded.price_amount,
                    price_currency = excluded.price_currency, discontinued = excluded.discontinued, version = excluded.version,
                    updated_at = excluded.updated_at, search_text = excluded.search_text
                WHERE catalog_listing.version < excluded.version
                """;
            command.Parameters.AddWithValue("$service", _serviceId);
            command.Parameters.AddWithValue("$sku", product.Sku);
            command.Parameters.AddWithValue("$name", product.Name);
            command.Parameters.AddWithValue("$description", product.Description);
            command.Parameters.AddWithValue("$amount", product.Price.Amount);
            command.Parameters.AddWithValue("$currency", product.Price.Currency);
            command.Parameters.AddWithValue("$discontinued", product.Discontinued);
            command.Parameters.AddWithValue("$version", product.Version);
            command.Parameters.AddWithValue("$updated", product.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$search", CatalogSearchText.For(product));
            command.ExecuteNonQuery();
        });
    }

    public async Task<CatalogListing> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        var pattern = CatalogSearchText.Pattern(query.Text);
        var filter = pattern is null ? "" : $" AND search_text LIKE $pattern ESCAPE '{CatalogSearchText.Escape}'";
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var page = connection.CreateCommand();
        page.CommandText =
            "SELECT sku, name, description, price_amount, price_currency, version, updated_at FROM catalog_listing " +
            $"WHERE service_id = $service AND discontinued = 0{filter} ORDER BY sku LIMIT $limit OFFSET $offset";
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM catalog_listing WHERE service_id = $service AND discontinued = 0{filter}";
        foreach (var command in new[] { page, count })
        {
            command.Parameters.AddWithValue("$service", _serviceId);
            if (pattern is not null)
            {
                command.Parameters.AddWithValue("$pattern", pattern);
            }
        }

        page.Parameters.AddWithValue("$limit", query.PageSize);
        page.Parameters.AddWithValue("$offset", (long)(query.Page - 1) * query.PageSize);
        var products = new List<ProductView>();
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                products.Add(new ProductView(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    new Money(reader.GetInt64(3), reader.GetString(4)), Discontinued: false, reader.GetInt64(5),
                    DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
            }
        }

        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return new CatalogListing(products, total);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer.IsValueCreated)
        {
            await _writers.ReleaseAsync(_connectionString, CancellationToken.None);
        }
    }
}
