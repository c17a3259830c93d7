using System.Diagnostics;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Granary.Benchmarks.Shop;
using Granary.Grains.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Catalog pages through <see cref="ICatalogGrain.Search"/>: the listing table read, then each listed product's
/// inventory grain asked for its units. One silo composed like the product's in this process, on SQLite (default) or
/// PostgreSQL (<c>--database postgres</c>, a throwaway server with durable defaults). --products (100,000) listing
/// rows; --workers (4) callers, each query one of: no text pages 1, 50 and 500, the common word, the rare word; 20
/// items a page.
/// </summary>
internal sealed class CatalogSearchScenario : IScenario
{
    private const int DefaultProducts = 100_000;
    private const int DefaultCallers = 4;
    private const int PageSize = 20;

    private static readonly (string Shape, CatalogQuery Query)[] Queries =
    [
        ("no text, page 1", new CatalogQuery(null, 1, PageSize)),
        ("no text, page 50", new CatalogQuery(null, 50, PageSize)),
        ("no text, page 500", new CatalogQuery(null, 500, PageSize)),
        ($"common word '{CatalogText.CommonWord}', page 1", new CatalogQuery(CatalogText.CommonWord, 1, PageSize)),
        ($"rare word '{CatalogText.RareWord}', page 1", new CatalogQuery(CatalogText.RareWord, 1, PageSize)),
    ];

    public string Name => "catalog-search";

    public string Description => "catalog pages over 100,000 listed products, --database sqlite|postgres (p50_ms, p99_ms, queries_per_sec)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        if (options.Database == "postgres")
        {
            await using var postgres = await PostgresLauncher.StartAsync(cancellationToken);
            info.WriteLine($"info: PostgreSQL: {postgres.Description}");
            var clusterId = "bench-catalog-" + Guid.NewGuid().ToString("N")[..8];
            return await RunOnAsync(
                SiloSettings.Postgres("catalog", postgres.ConnectionString, clusterId, options), seedParallelism: 16, new CpuClock([], postgres.PostmasterId), options, info, cancellationToken);
        }

        var directory = Directory.CreateTempSubdirectory("granary-catalog-").FullName;
        try
        {
            return await RunOnAsync(
                SiloSettings.Sqlite("catalog", Path.Combine(directory, "granary.db"), options), seedParallelism: 1024, new CpuClock([], postmasterId: null), options, info, cancellationToken);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<BenchmarkResult>> RunOnAsync(
        SiloSettings settings, int seedParallelism, CpuClock cpu, BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        using var host = BenchSiloHost.Build(settings.Values);
        await host.StartAsync(cancellationToken);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var products = options.Products ?? DefaultProducts;
            var store = host.Services.GetRequiredService<ICatalogListingStore>();
            await SeedAsync(store, grains, products, seedParallelism, info, cancellationToken);
            if (settings.Values["Granary:Database:Provider"] == "Postgres")
            {
                // What autovacuum does within a minute or so of a bulk load (statistics, visibility map), done now so
                // the queries meet the table as a running shop's would be, not one just filled.
                await using var connection = new Npgsql.NpgsqlConnection(settings.Values["Granary:Database:ConnectionString"]);
                await connection.OpenAsync(cancellationToken);
                await using var analyze = new Npgsql.NpgsqlCommand("VACUUM ANALYZE catalog_listing", connection);
                await analyze.ExecuteNonQueryAsync(cancellationToken);
                info.WriteLine("info: VACUUM ANALYZE catalog_listing after the bulk load (as autovacuum would)");
            }

            await DescribeStoreAloneAsync(store, info, cancellationToken);
            return await MeasureAsync(grains, new ResourceWindow(cpu, postgresConnectionString: null), options, info, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The listing rows go straight into the listing table through the silo's own <see cref="ICatalogListingStore"/>
    /// (the very upsert the catalog stream's projection runs), because 100,000 products through product grains and the
    /// stream would take minutes; as the projection would, each row has version 1. The products on the queried pages
    /// are then also created as grains (product upsert, same details, so the listing row stays as it is; and stock), so
    /// the page's inventory lookups find real inventory; every other listed SKU's inventory grain would answer 0.
    /// </summary>
    private static async Task SeedAsync(ICatalogListingStore store, IGrainFactory grains, int products, int parallelism, TextWriter info, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(
            Enumerable.Range(1, products),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (number, token) => await store.UpsertAsync(
                new ProductView(ShopCatalog.SkuOf(number), CatalogText.NameOf(number), CatalogText.DescriptionOf(number), ShopCatalog.PriceOf(number), false, 1, now),
                token));
        info.WriteLine($"info: {products} listing rows written through the silo's listing store in {clock.Elapsed.TotalSeconds:0.0} s");

        clock.Restart();
        var listed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (shape, query) in Queries)
        {
            var page = await store.SearchAsync(query, cancellationToken);
            info.WriteLine($"info: {shape}: {page.Products.Count} products on the page, {page.Total} match");
            listed.UnionWith(page.Products.Select(p => p.Sku));
        }

        await Task.WhenAll(listed.Select(sku =>
        {
            var number = int.Parse(sku.AsSpan("BENCH-".Length), System.Globalization.CultureInfo.InvariantCulture);
            return ShopCatalog.CreateOneAsync(grains, number, CatalogText.NameOf(number), CatalogText.DescriptionOf(number), stock: 1 + (number % 50));
        }));
        info.WriteLine($"info: the {listed.Count} products on the queried pages created as grains with stock in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Each query shape straight on the listing store, one caller: the SQL's share of a Search.</summary>
    private static async Task DescribeStoreAloneAsync(ICatalogListingStore store, TextWriter info, CancellationToken cancellationToken)
    {
        const int Repeats = 10;
        var timings = new OperationTimings();
        foreach (var (shape, query) in Queries)
        {
            await store.SearchAsync(query, cancellationToken);
            for (var i = 0; i < Repeats; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await store.SearchAsync(query, cancellationToken);
                timings.Record("listing store alone, one caller, " + shape, start);
            }
        }

        foreach (var line in timings.DescribeAndReset(1))
        {
            info.WriteLine($"info: {line[..line.IndexOf(" (", StringComparison.Ordinal)]}{line[line.IndexOf("),", StringComparison.Ordinal)..][1..]}");
        }
    }

    private static async Task<IReadOnlyList<BenchmarkResult>> MeasureAsync(
        IGrainFactory grains, ResourceWindow window, BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var callers = options.WorkersOr(DefaultCallers);
        var catalog = grains.GetGrain<ICatalogGrain>(0);
        var timings = new OperationTimings();
        var stocked = 0L;
        ThreadPoolSampler? pool = null;
        info.WriteLine($"info: {callers} callers, each query one of {Queries.Length} at random; warm-up {options.Warmup} s, measuring {options.Seconds} s");
        var summary = await CallLoad.RunAsync(
            callers,
            async _ =>
            {
                var (shape, query) = Queries[Random.Shared.Next(Queries.Length)];
                var start = Stopwatch.GetTimestamp();
                var page = await catalog.Search(query);
                timings.Record(shape, start);
                if (page.Items.Any(i => i.Available > 0))
                {
                    Interlocked.Increment(ref stocked);
                }
            },
            rate: null,
            TimeSpan.FromSeconds(options.Warmup),
            TimeSpan.FromSeconds(options.Seconds),
            info,
            cancellationToken,
            atMeasuredStart: () =>
            {
                timings.DescribeAndReset(1);
                pool = new ThreadPoolSampler();
                return window.BeginAsync();
            },
            atMeasuredEnd: window.EndAsync);
        await pool!.DisposeAsync();
        info.WriteLine($"info: {summary.Describe()}");
        info.WriteLine($"info: measured block: {pool.Describe()}; {window.DescribeCpu()}");
        foreach (var line in timings.DescribeAndReset(summary.Seconds))
        {
            info.WriteLine($"info: {line}");
        }

        info.WriteLine($"info: {Volatile.Read(ref stocked)} pages listed stock from inventory grains");
        return
        [
            new("queries_per_sec", summary.CallsPerSecond, "queries/s", "0"),
            new("p50_ms", summary.Latency.PercentileMilliseconds(50), "ms", "0.###"),
            new("p99_ms", summary.Latency.PercentileMilliseconds(99), "ms", "0.###"),
        ];
    }
}
