using System.Globalization;
using Granary.Extensions.Sqlite;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Granary.Silo.ReadModels;

/// <summary>
/// The catalog listing table in the embedded SQLite file (scripts <c>catalog.001.listing.sql</c>, <c>catalog.002.search-index.sql</c>).
/// Writes go through the file's single writer (<see cref="SqliteWriteQueues"/>), shared with grain state and stream
/// queues; the table's triggers keep the on-sale index, the trigram index and the on-sale total in the same
/// transaction. Reads are short (indexes only, but for texts under 3 characters), so they run on the caller's thread.
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
        var (total, keys, text) = Plan(query.Text);

        // One statement, so the page and the total come from one snapshot of the file. The page's SKUs first (from an
        // index), then their rows; a single row with a null SKU when the page is empty, for the total. CROSS JOIN fixes
        // the join order (SQLite's rule): without statistics the planner would rather scan the listing for the page.
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            SELECT t.total, l.sku, l.name, l.description, l.price_amount, l.price_currency, l.version, l.updated_at
            FROM (SELECT ({total}) AS total) AS t
            LEFT JOIN (SELECT c.* FROM ({keys} ORDER BY sku LIMIT $limit OFFSET $offset) AS p
                       CROSS JOIN catalog_listing AS c ON c.service_id = $service AND c.sku = p.sku) AS l ON 1
            ORDER BY l.sku
            """;
        command.Parameters.AddWithValue("$service", _serviceId);
        if (text is not null)
        {
            command.Parameters.AddWithValue("$text", text);
        }

        command.Parameters.AddWithValue("$limit", query.PageSize);
        command.Parameters.AddWithValue("$offset", (long)(query.Page - 1) * query.PageSize);
        var products = new List<ProductView>();
        var matches = 0L;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            matches = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                products.Add(new ProductView(reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    new Money(reader.GetInt64(4), reader.GetString(5)), Discontinued: false, reader.GetInt64(6),
                    DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
            }
        }

        return new CatalogListing(products, matches);
    }

    /// <summary>
    /// The total's query, the query of the matching SKUs (a column named sku, not yet ordered or limited) and the value of
    /// $text, for the three kinds of search: everything (the counter row, the on-sale index), text of 3 characters or
    /// more (the trigram index, which holds on-sale products only) and shorter text (a LIKE scan of the listing).
    /// </summary>
    private static (string Total, string Keys, string? Text) Plan(string? text)
    {
        if (CatalogSearchText.Phrase(text) is { } phrase)
        {
            const string Matches =
                "FROM catalog_listing_search AS s CROSS JOIN catalog_listing_on_sale AS o ON o.id = s.rowid "
                + "WHERE catalog_listing_search MATCH $text AND o.service_id = $service";
            return ($"SELECT count(*) {Matches}", $"SELECT o.sku AS sku {Matches}", phrase);
        }

        if (CatalogSearchText.Pattern(text) is { } pattern)
        {
            var matches = $"FROM catalog_listing WHERE service_id = $service AND discontinued = 0 AND search_text LIKE $text ESCAPE '{CatalogSearchText.Escape}'";
            return ($"SELECT count(*) {matches}", $"SELECT sku {matches}", pattern);
        }

        return (
            "SELECT coalesce((SELECT on_sale FROM catalog_listing_total WHERE service_id = $service), 0)",
            "SELECT sku FROM catalog_listing_on_sale WHERE service_id = $service",
            null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer.IsValueCreated)
        {
            await _writers.ReleaseAsync(_connectionString, CancellationToken.None);
        }
    }
}
