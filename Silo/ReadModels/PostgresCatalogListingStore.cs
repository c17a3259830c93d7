using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Granary.Silo.ReadModels;

/// <summary>The catalog listing table on PostgreSQL (script <c>catalog.001.listing.sql</c>), on the process's shared pool.</summary>
internal sealed class PostgresCatalogListingStore(string connectionString, IOptions<ClusterOptions> cluster) : ICatalogListingStore
{
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
        var filter = pattern is null ? "" : " AND search_text LIKE @pattern";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // One round trip: the page and the count of all matches.
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    $"SELECT sku, name, description, price_amount, price_currency, version, updated_at FROM catalog_listing " +
                    $"WHERE service_id = @service AND NOT discontinued{filter} ORDER BY sku LIMIT @limit OFFSET @offset"),
                new NpgsqlBatchCommand($"SELECT count(*) FROM catalog_listing WHERE service_id = @service AND NOT discontinued{filter}"),
            },
        };
        foreach (NpgsqlBatchCommand command in batch.BatchCommands)
        {
            command.Parameters.AddWithValue("service", _serviceId);
            if (pattern is not null)
            {
                command.Parameters.AddWithValue("pattern", pattern);
            }
        }

        batch.BatchCommands[0].Parameters.AddWithValue("limit", query.PageSize);
        batch.BatchCommands[0].Parameters.AddWithValue("offset", (long)(query.Page - 1) * query.PageSize);
        var products = new List<ProductView>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            products.Add(new ProductView(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                new Money(reader.GetInt64(3), reader.GetString(4)), Discontinued: false, reader.GetInt64(5),
                new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new CatalogListing(products, reader.GetInt64(0));
    }
}
