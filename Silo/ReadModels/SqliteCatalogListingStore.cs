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
/// transaction. Reads run on threads of the store's own (<see cref="SqliteReadThreads"/>), not the thread pool's.
/// </summary>
internal sealed class SqliteCatalogListingStore : ICatalogListingStore, IAsyncDisposable
{
    /// <summary>
    /// Matches of a text of 3 characters or more: the trigram index (on-sale products only), each match's SKU looked up
    /// by its id. CROSS JOIN keeps that order.
    /// </summary>
    private const string IndexedMatches =
        "FROM catalog_listing_search AS s CROSS JOIN catalog_listing_on_sale AS o ON o.id = s.rowid "
        + "WHERE catalog_listing_search MATCH $text AND o.service_id = $service";

    /// <summary>Matches of a shorter text, which a trigram index cannot find: a scan of the service's listing.</summary>
    private static readonly string ScannedMatches =
        $"service_id = $service AND discontinued = 0 AND search_text LIKE $text ESCAPE '{CatalogSearchText.Escape}'";

    /// <summary>
    /// How much cheaper a step of the SKU-order walk is than looking up and sorting one match (measured: about 4 times),
    /// deciding between the two page plans of an indexed text.
    /// </summary>
    private const double WalkAdvantage = 4;

    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly SqliteWriteQueues _writers;
    private readonly Lazy<Task<SqliteWriteQueue>> _writer;
    private readonly SqliteReadThreads _readers = new("Catalog listing read", Environment.ProcessorCount);

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

    public Task<CatalogListing> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default)
        => _readers.RunAsync(() => Search(query), cancellationToken);

    private CatalogListing Search(CatalogQuery query)
    {
        var phrase = CatalogSearchText.Phrase(query.Text);
        var pattern = phrase is null ? CatalogSearchText.Pattern(query.Text) : null;
        var offset = (long)(query.Page - 1) * query.PageSize;
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();

        // One read transaction: the total and the page come from one snapshot of the file.
        using var transaction = connection.BeginTransaction(deferred: true);
        var (matches, onSale) = Count(connection, transaction, phrase, pattern);
        var products = new List<ProductView>();
        if (offset < matches)
        {
            using var page = Command(connection, transaction, PageSql(phrase, pattern, offset + query.PageSize, matches, onSale), phrase ?? pattern);
            page.Parameters.AddWithValue("$limit", query.PageSize);
            page.Parameters.AddWithValue("$offset", offset);
            using var reader = page.ExecuteReader();
            while (reader.Read())
            {
                products.Add(new ProductView(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    new Money(reader.GetInt64(3), reader.GetString(4)), Discontinued: false, reader.GetInt64(5),
                    DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
            }
        }

        return new CatalogListing(products, matches);
    }

    /// <summary>The number of matches and of products on sale (the service's).</summary>
    private (long Matches, long OnSale) Count(SqliteConnection connection, SqliteTransaction transaction, string? phrase, string? pattern)
    {
        var matches = phrase is not null
            // The trigram index holds the products on sale of every service in the file. When no other service has
            // any (a file is one service's, as a rule), its matches are the service's; else each is looked up.
            ? $"""
               CASE WHEN EXISTS (SELECT 1 FROM catalog_listing_total WHERE service_id <> $service AND on_sale > 0)
                   THEN (SELECT count(*) {IndexedMatches})
                   ELSE (SELECT count(*) FROM catalog_listing_search WHERE catalog_listing_search MATCH $text) END
               """
            : pattern is not null
                ? $"(SELECT count(*) FROM catalog_listing WHERE {ScannedMatches})"
                : "NULL";
        using var count = Command(connection, transaction,
            $"SELECT {matches}, coalesce((SELECT on_sale FROM catalog_listing_total WHERE service_id = $service), 0)", phrase ?? pattern);
        using var reader = count.ExecuteReader();
        reader.Read();
        var onSale = reader.GetInt64(1);
        return (reader.IsDBNull(0) ? onSale : reader.GetInt64(0), onSale);
    }

    /// <summary>
    /// The page's query: the page's SKUs from an index, then their listing rows. CROSS JOIN fixes the join order
    /// (SQLite's rule): without statistics the planner would rather scan the listing for the page's SKUs.
    /// </summary>
    private static string PageSql(string? phrase, string? pattern, long end, long matches, long onSale)
    {
        string skus;
        if (phrase is null)
        {
            skus = pattern is null
                ? "SELECT sku FROM catalog_listing_on_sale WHERE service_id = $service"
                : $"SELECT sku FROM catalog_listing WHERE {ScannedMatches}";
        }
        else if ((double)end * onSale < WalkAdvantage * (double)matches * matches)
        {
            // Many matches: walk the products on sale in SKU order, keeping the matches, until the page is full
            // (about end × onSale / matches steps) rather than look up and sort every match. The '+' keeps the planner
            // from driving the query by the matches' ids instead.
            skus = "SELECT o.sku AS sku FROM catalog_listing_on_sale AS o WHERE o.service_id = $service "
                + "AND +o.id IN (SELECT rowid FROM catalog_listing_search WHERE catalog_listing_search MATCH $text)";
        }
        else
        {
            skus = $"SELECT o.sku AS sku {IndexedMatches}";
        }

        return $"""
            SELECT c.sku, c.name, c.description, c.price_amount, c.price_currency, c.version, c.updated_at
            FROM ({skus} ORDER BY sku LIMIT $limit OFFSET $offset) AS p
            CROSS JOIN catalog_listing AS c ON c.service_id = $service AND c.sku = p.sku
            ORDER BY c.sku
            """;
    }

    private SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string? text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        if (text is not null)
        {
            command.Parameters.AddWithValue("$text", text);
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        _readers.Dispose();
        if (_writer.IsValueCreated)
        {
            await _writers.ReleaseAsync(_connectionString, CancellationToken.None);
        }
    }
}
