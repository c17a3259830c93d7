using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Granary.Silo.ReadModels;

/// <summary>
/// The catalog listing table on PostgreSQL (scripts <c>catalog.001.listing.sql</c>, <c>catalog.002.on-sale-index-and-total.sql</c>),
/// on the process's shared pool. The table's trigger keeps the count of products on sale in each write's transaction.
/// </summary>
internal sealed class PostgresCatalogListingStore(string connectionString, IOptions<ClusterOptions> cluster) : ICatalogListingStore
{
    private const string TextMatches = "service_id = @service AND NOT discontinued AND search_text LIKE @pattern";

    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task UpsertAsync(ProductView product, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO catalog_listing (service_id, sku, name, description, price_amount, price_currency, discontinued, version, updated_at, search_text)
            VALUES (@service, @sku, @name, @description, @amount, @currency, @discontinued, @version, @updated, @search)
            ON CONFLICT (service_id, sku) DO UPDATE SET
                name = excluded.name, description = excluded.description, price_amount = excluded.price_amount,
                price_currency = excluded.price_currency, discontinued = excluded.discontinued, version = excluded.version,
                updated_at = excluded.updated_at, search_text = excluded.search_text
            WHERE catalog_listing.version < excluded.version
            """, connection);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("sku", product.Sku);
        command.Parameters.AddWithValue("name", product.Name);
        command.Parameters.AddWithValue("description", product.Description);
        command.Parameters.AddWithValue("amount", product.Price.Amount);
        command.Parameters.AddWithValue("currency", product.Price.Currency);
        command.Parameters.AddWithValue("discontinued", product.Discontinued);
        command.Parameters.AddWithValue("version", product.Version);
        command.Parameters.AddWithValue("updated", product.UpdatedAt.UtcDateTime);
        command.Parameters.AddWithValue("search", CatalogSearchText.For(product));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<CatalogListing> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        var pattern = CatalogSearchText.Pattern(query.Text);
        var (total, page) = pattern is null
            // Everything on sale: the counter (catalog.002) for the total; the page's SKUs from the on-sale index,
            // index-only, then their rows.
            ? ("SELECT coalesce(sum(on_sale), 0)::bigint FROM catalog_listing_total WHERE service_id = @service",
                $"""
                SELECT {Columns("c")} FROM (
                    SELECT sku FROM catalog_listing WHERE service_id = @service AND NOT discontinued
                    ORDER BY sku LIMIT @limit OFFSET @offset) AS p
                JOIN catalog_listing AS c ON c.service_id = @service AND c.sku = p.sku
                """)
            // Text: the trigram index finds the matches (the planner may rather walk the key for a page of a common word).
            : ($"SELECT count(*) FROM catalog_listing WHERE {TextMatches}",
                $"SELECT {Columns("c")} FROM catalog_listing AS c WHERE {TextMatches} ORDER BY sku LIMIT @limit OFFSET @offset");

        // One statement, so the page and the total come from one snapshot; a single row with a null SKU when the page
        // is empty, for the total.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT t.total, {Columns("l")} FROM (SELECT ({total}) AS total) AS t
            LEFT JOIN ({page}) AS l ON true
            ORDER BY l.sku
            """, connection);
        command.Parameters.AddWithValue("service", _serviceId);
        if (pattern is not null)
        {
            command.Parameters.AddWithValue("pattern", pattern);
        }

        command.Parameters.AddWithValue("limit", query.PageSize);
        command.Parameters.AddWithValue("offset", (long)(query.Page - 1) * query.PageSize);
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
                    new DateTimeOffset(reader.GetDateTime(7), TimeSpan.Zero)));
            }
        }

        return new CatalogListing(products, matches);
    }

    private static string Columns(string table)
        => $"{table}.sku, {table}.name, {table}.description, {table}.price_amount, {table}.price_currency, {table}.version, {table}.updated_at";
}
