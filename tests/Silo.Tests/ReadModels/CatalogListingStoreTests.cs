using Granary.Extensions.Schema;
using Granary.Extensions.Sqlite;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Silo.ReadModels;
using Granary.TestInfrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Granary.Silo.Tests.ReadModels;

/// <summary>
/// Both catalog listing stores against a model of the listing: a search lists exactly the products on sale whose
/// lower-cased name and description contain the lower-cased text (every character literal), in SKU order, page by page,
/// with the exact total, whatever the store's indexes, counters and query plans.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CatalogListingStoreTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset At = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static TheoryData<DatabaseKind> Databases => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Text_matches_as_a_literal_substring_whatever_its_characters_and_length(DatabaseKind kind)
    {
        await using var database = await ListingDatabase.CreateAsync(kind, postgres);
        var listing = new Model(database.Store("shop"));
        await listing.UpsertAsync("SKU-01", "100% cotton shirt", "Plain weave");
        await listing.UpsertAsync("SKU-02", "1000 cotton shirt", "Wool_blend socks included");
        await listing.UpsertAsync("SKU-03", "Woolxblend socks", "Back\\slash and a \"quoted\" word");
        await listing.UpsertAsync("SKU-04", "Ärmel Straße", "Größe XL, ÉTÉ edition");
        await listing.UpsertAsync("SKU-05", "İstanbul tea glass", "çay bardağı");
        await listing.UpsertAsync("SKU-06", "Teapot 茶壶", "emoji 😀😀 mug");
        await listing.UpsertAsync("SKU-07", "100% cotton towel", "Discontinued one", discontinued: true);
        await listing.UpsertAsync("SKU-08", "Line\ttab", "new\nline");

        string?[] texts =
        [
            null, "", "   ", "100%", "%", "_", "0% c", "l_b", "wool_", "l%b", "\\", "k\\s", "\"quoted\"", "\"", "\" word", "'",
            "ärmel", "ÄRMEL", "straße", "STRASSE", "größe", "été", "ÉTÉ", "İstanbul", "istanbul", "çay", "bardağı",
            "茶", "茶壶", "pot 茶", "😀", "😀😀", "😀 m", "😀😀 mug", "c", "co", "cot", "COTTON", "  cotton  ", "cotton shirt",
            "shirt plain", "e\tt", "w\nl", "x", "xyz", "discontinued",
        ];
        foreach (var text in texts)
        {
            await listing.AssertSearchAsync(text, pageSize: CatalogQuery.MaxPageSize);
        }
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Totals_stay_exact_through_repeats_late_versions_discontinuation_relisting_and_new_text(DatabaseKind kind)
    {
        await using var database = await ListingDatabase.CreateAsync(kind, postgres);
        var shop = new Model(database.Store("shop"));
        var other = new Model(database.Store("other-shop"));
        string?[] texts = [null, "lamp", "desk lamp", "brass", "new", "ne", "other"];

        async Task CheckAsync()
        {
            foreach (var text in texts)
            {
                await shop.AssertSearchAsync(text, pageSize: 2);
                await other.AssertSearchAsync(text, pageSize: 2);
            }
        }

        await shop.UpsertAsync("A", "Desk lamp", "Brass", version: 1);
        await shop.UpsertAsync("B", "Floor lamp", "Steel", version: 1);
        await shop.UpsertAsync("C", "Desk", "Oak", version: 1, discontinued: true);
        await CheckAsync();
        Assert.Equal(2, (await shop.Store.SearchAsync(new CatalogQuery(null, 1, 10))).Total);

        // The same version again changes nothing; so does an older one.
        await shop.UpsertAsync("A", "Desk lamp", "Brass", version: 1);
        await shop.UpsertAsync("B", "Floor lamp", "Steel", version: 2, discontinued: true);
        await shop.UpsertAsync("B", "Floor lamp", "Steel", version: 1);
        await CheckAsync();
        Assert.Equal(1, (await shop.Store.SearchAsync(new CatalogQuery(null, 1, 10))).Total);

        // Relisted with new text; a product on sale gets new text; a discontinued one comes back.
        await shop.UpsertAsync("B", "Floor lamp", "New steel", version: 3);
        await shop.UpsertAsync("A", "Table light", "Copper", version: 2);
        await shop.UpsertAsync("C", "Desk", "Oak, new", version: 2);
        await CheckAsync();
        Assert.Equal(0, (await shop.Store.SearchAsync(new CatalogQuery("brass", 1, 10))).Total);

        // Another service in the same database: neither sees the other's products, in totals or in text matches.
        await other.UpsertAsync("A", "Other desk lamp", "Brass", version: 1);
        await other.UpsertAsync("D", "Other lamp", "New", version: 1);
        await other.UpsertAsync("E", "Other lamp", "Discontinued", version: 1, discontinued: true);
        await CheckAsync();
        await shop.UpsertAsync("C", "Desk", "Oak, new", version: 3, discontinued: true);
        await other.UpsertAsync("D", "Other lamp", "New", version: 2, discontinued: true);
        await CheckAsync();
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Every_page_of_common_rare_and_short_texts_is_the_models_page(DatabaseKind kind)
    {
        await using var database = await ListingDatabase.CreateAsync(kind, postgres);
        var listing = new Model(database.Store("shop"));
        for (var number = 1; number <= 240; number++)
        {
            var common = number % 3 == 0 ? " common" : "";
            var middling = number % 12 == 5 ? " middling" : "";
            var rare = number % 80 == 17 ? " rare" : "";
            await listing.UpsertAsync($"P-{number:D4}", $"Product {number}{common}", $"Item{middling}{rare}", discontinued: number % 7 == 0);
        }

        foreach (var text in new[] { null, "common", "middling", "rare", "co", "r", "item", "product 1", "absent" })
        {
            foreach (var pageSize in new[] { 7, 50 })
            {
                var pages = (int)(listing.Matches(text).Count / pageSize) + 2;
                for (var page = 1; page <= pages; page++)
                {
                    await listing.AssertSearchAsync(text, pageSize, page);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_listing_written_before_the_search_index_is_found_after_the_upgrade(DatabaseKind kind)
    {
        var withoutIndex = SchemaScripts.For(kind).Where(script => script.Module != "catalog" || script.Version == 1).ToList();
        await using var database = await ListingDatabase.CreateAsync(kind, postgres, withoutIndex);
        var listing = new Model(database.Store("shop"));
        await listing.UpsertAsync("A", "Desk lamp", "Brass");
        await listing.UpsertAsync("B", "Floor lamp", "Steel", discontinued: true);
        await listing.UpsertAsync("C", "Desk", "Oak");

        await database.MigrateAsync(SchemaScripts.For(kind));
        await listing.UpsertAsync("D", "Wall lamp", "Brass");
        await listing.UpsertAsync("C", "Desk", "Oak", version: 2, discontinued: true);
        foreach (var text in new[] { null, "lamp", "brass", "oak", "la" })
        {
            await listing.AssertSearchAsync(text, pageSize: 10);
        }
    }

    /// <summary>A store and what it should list: the highest version of each product written through it.</summary>
    private sealed class Model(ICatalogListingStore store)
    {
        private readonly Dictionary<string, ProductView> _products = new(StringComparer.Ordinal);

        public ICatalogListingStore Store => store;

        public async Task UpsertAsync(string sku, string name, string description, long version = 1, bool discontinued = false)
        {
            var product = new ProductView(sku, name, description, new Money(100 + name.Length, "EUR"), discontinued, version, At.AddMinutes(version));
            await store.UpsertAsync(product);
            if (!_products.TryGetValue(sku, out var known) || known.Version < version)
            {
                _products[sku] = product;
            }
        }

        public List<ProductView> Matches(string? text)
        {
            var wanted = CatalogSearchText.Normalize(text);
            return
            [
                .. _products.Values
                    .Where(p => !p.Discontinued && (wanted is null || CatalogSearchText.For(p).Contains(wanted, StringComparison.Ordinal)))
                    .OrderBy(p => p.Sku, StringComparer.Ordinal),
            ];
        }

        public async Task AssertSearchAsync(string? text, int pageSize, int page = 1)
        {
            var matches = Matches(text);
            var expected = matches.Skip((page - 1) * pageSize).Take(pageSize).ToList();
            var listing = await store.SearchAsync(new CatalogQuery(text, page, pageSize));
            var because = $"text '{text}', page {page} of {pageSize}";
            Assert.True(matches.Count == listing.Total, $"{because}: total {listing.Total}, expected {matches.Count}");
            Assert.True(
                expected.Select(p => p.Sku).SequenceEqual(listing.Products.Select(p => p.Sku)),
                $"{because}: listed [{string.Join(", ", listing.Products.Select(p => p.Sku))}], expected [{string.Join(", ", expected.Select(p => p.Sku))}]");
            Assert.Equal(expected, listing.Products);
        }
    }

    /// <summary>A fresh database of either kind with the schema applied, and listing stores on it.</summary>
    private sealed class ListingDatabase : IAsyncDisposable
    {
        private readonly DatabaseKind _kind;
        private readonly string? _folder;
        private readonly SqliteWriteQueues _writers = new(TimeProvider.System, NullLogger<SqliteWriteQueue>.Instance);
        private readonly List<SqliteCatalogListingStore> _sqliteStores = [];

        private ListingDatabase(DatabaseKind kind, string connectionString, string? folder)
        {
            _kind = kind;
            ConnectionString = connectionString;
            _folder = folder;
        }

        public string ConnectionString { get; }

        public static async Task<ListingDatabase> CreateAsync(DatabaseKind kind, PostgresServer postgres, IReadOnlyList<SchemaScript>? scripts = null)
        {
            ListingDatabase database;
            if (kind == DatabaseKind.Postgres)
            {
                database = new ListingDatabase(kind, await postgres.CreateDatabaseAsync(), folder: null);
            }
            else
            {
                var folder = Directory.CreateTempSubdirectory("granary-listing-").FullName;
                database = new ListingDatabase(kind, $"Data Source={Path.Combine(folder, "granary.db")}", folder);
            }

            await database.MigrateAsync(scripts ?? SchemaScripts.For(kind));
            return database;
        }

        public Task MigrateAsync(IReadOnlyList<SchemaScript> scripts)
            => new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(_kind, ConnectionString, scripts);

        public ICatalogListingStore Store(string serviceId)
        {
            var cluster = Options.Create(new ClusterOptions { ClusterId = "test", ServiceId = serviceId });
            if (_kind == DatabaseKind.Postgres)
            {
                return new PostgresCatalogListingStore(ConnectionString, cluster);
            }

            var store = new SqliteCatalogListingStore(ConnectionString, _writers, cluster);
            _sqliteStores.Add(store);
            return store;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var store in _sqliteStores)
            {
                await store.DisposeAsync();
            }

            if (_folder is not null)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
