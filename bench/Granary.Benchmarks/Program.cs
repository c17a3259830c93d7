using Granary.Benchmarks;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Granary.Benchmarks.Scenarios;

// Usage: Granary.Benchmarks <scenario> [--seconds N] [--warmup N] [--workers N] [--runs N] [--grains N]
//                           [--membership tuned|defaults] [--set Key=Value]...
//        Granary.Benchmarks --list
//        Granary.Benchmarks silo   (a silo process of a scenario; configuration from the environment)
// Exit codes: 0 ran (targets missed or not), 1 could not run, 2 bad usage.
IScenario[] scenarios =
[
    new SiloStartupScenario(), new PingLocalScenario(), new PingCrossSiloScenario(),
    new FailoverScenario(), new JoinScenario(), new StreamsPostgresScenario(),
    new SuspicionScenario(), new StorageSqliteScenario(), new OrdersEmbeddedScenario(),
    new OrdersPostgresScenario(), new CatalogSearchScenario(),
];

if (args.Length == 0 || args[0] is "--list" or "-l")
{
    foreach (var scenario in scenarios)
    {
        Console.WriteLine($"{scenario.Name,-18} {scenario.Description}");
    }

    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "silo")
{
    return await BenchSiloHost.RunProcessAsync();
}

var selected = scenarios.FirstOrDefault(s => s.Name == args[0]);
if (selected is null)
{
    Console.Error.WriteLine($"Unknown scenario '{args[0]}'. Scenarios: {string.Join(", ", scenarios.Select(s => s.Name))}");
    return 2;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args.AsSpan(1));
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    Console.WriteLine(MachineInfo.Describe());
    Console.WriteLine($"info: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {selected.Name} {string.Join(' ', args.Skip(1))}");
    var results = await selected.RunAsync(options, Console.Out, cancellation.Token);
    foreach (var result in results)
    {
        Console.WriteLine(result);
    }

    return 0;
}
catch (Exception exception)
{
    Console.Error.WriteLine($"{selected.Name} could not run: {exception}");
    return 1;
}
