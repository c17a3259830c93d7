using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Shop;

/// <summary>
/// The measured part shared by orders-embedded and orders-postgres, on a silo already started: products with plenty of
/// stock; --workers buyers placing orders flat out (closed loop: orders_per_sec); then arrivals at half that rate
/// (open loop: p50_ms, p99_ms of Place); every order must end Confirmed; then the buyers' order histories must catch up.
/// </summary>
internal static class OrdersRun
{
    public const int DefaultProducts = 1_000;
    public const int DefaultBuyers = 64;

    /// <summary>Units on hand per product: the most one restock may add, far more than a run can sell.</summary>
    private const int Stock = 1_000_000;

    private const int ReadModelSample = 16;
    private static readonly TimeSpan ReadModelDeadline = TimeSpan.FromSeconds(60);

    public static async Task<List<BenchmarkResult>> RunAsync(
        IGrainFactory grains, BenchmarkOptions options, ResourceWindow window, OperationTimings timings, TextWriter info, CancellationToken cancellationToken)
    {
        var products = options.Products ?? DefaultProducts;
        var buyers = options.WorkersOr(DefaultBuyers);
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        var skus = await ShopCatalog.CreateAsync(grains, products, Stock, cancellationToken);
        info.WriteLine($"info: {products} products created with {Stock} units each in {seeding.Elapsed.TotalSeconds:0.0} s (product and inventory grains)");

        var workload = new OrderWorkload(grains, skus, buyers);
        ThreadPoolSampler? pool = null;
        info.WriteLine($"info: {buyers} buyers flat out (closed loop), each a new user every {Buyer.OrdersPerUser} orders; warm-up {options.Warmup} s, measuring {options.Seconds} s");
        var full = await CallLoad.RunAsync(
            buyers, buyer => workload.PlaceAsync(buyer), rate: null,
            TimeSpan.FromSeconds(options.Warmup), TimeSpan.FromSeconds(options.Seconds), info, cancellationToken,
            async () =>
            {
                timings.DescribeAndReset(1);
                pool = new ThreadPoolSampler();
                await window.BeginAsync();
            },
            window.EndAsync);
        await pool!.DisposeAsync();
        info.WriteLine($"info: flat out: {full.Describe()}");
        foreach (var line in timings.DescribeAndReset(full.Seconds))
        {
            info.WriteLine($"info: flat out: {line}");
        }

        info.WriteLine($"info: flat out: {pool.Describe()}");
        info.WriteLine($"info: flat out: {window.DescribeCpu()}; {full.Calls / Math.Max(window.Cpu.ThisProcess + window.Cpu.SiloProcesses, 1e-9):0} orders per CPU second of the silos");
        var results = new List<BenchmarkResult> { new("orders_per_sec", full.CallsPerSecond, "orders/s", "0") };
        if (window.Database is { } database && full.Calls > 0)
        {
            info.WriteLine($"info: flat out: shop database {database.Commits} commits, {database.Rollbacks} rollbacks, {database.Inserted} rows inserted, "
                + $"{database.Updated} updated, {database.Deleted} deleted for {full.Calls} orders");
            results.Add(new("commits_per_order", (double)database.Commits / full.Calls, "commits", "0.0"));
            results.Add(new("rows_written_per_order", (double)database.RowsWritten / full.Calls, "rows", "0.0"));
        }

        var half = Math.Max(1, full.CallsPerSecond / 2);
        info.WriteLine($"info: open loop at {half:0} orders/s (half the flat-out rate), settle 1 s, measuring {options.Seconds} s");
        var paced = await ArrivalLoad.RunAsync(n => workload.PlaceAsync(n), half, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(options.Seconds), info, cancellationToken);
        info.WriteLine($"info: open loop: {paced.Describe()}");
        foreach (var line in timings.DescribeAndReset(options.Seconds + 1))
        {
            info.WriteLine($"info: open loop (with its settling second): {line}");
        }

        info.WriteLine($"info: in all: {workload.Describe()}");

        var sample = workload.Buyers.Take(ReadModelSample).ToArray();
        var (caughtUp, missing) = await ReadModelCheck.WaitAsync(grains, sample, ReadModelDeadline, cancellationToken);
        info.WriteLine(caughtUp is { } after
            ? $"info: order histories of {sample.Length} buyers ({sample.Sum(b => b.Confirmed.Count)} orders) complete {after.TotalMilliseconds:0} ms after the last order was answered"
            : $"info: order histories of {sample.Length} buyers still miss {missing} orders {ReadModelDeadline.TotalSeconds:0} s after the last order was answered");

        results.Add(new("p50_ms", paced.Latency.PercentileMilliseconds(50), "ms", "0.###"));
        results.Add(new("p99_ms", paced.Latency.PercentileMilliseconds(99), "ms", "0.###"));
        results.Add(new("failed_orders", workload.FailedOrders, "orders", "0"));
        if (caughtUp is { } lag)
        {
            results.Add(new("events_lag_ms", lag.TotalMilliseconds, "ms", "0"));
        }
        else
        {
            results.Add(new("read_model_missing_orders", missing, "orders", "0"));
        }

        return results;
    }
}
