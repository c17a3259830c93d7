using Granary.Benchmarks;
using Granary.Benchmarks.Measurement;
using Granary.Benchmarks.Scenarios;

// Usage: Granary.Benchmarks <scenario> [--seconds N] [--warmup N] [--workers N] [--activations N] [--runs N] [--set Key=Value]...
//                           [--streams N] [--batch N] [--queues N] [--max-batch N]  (stream scenarios)
//        Granary.Benchmarks <scenario> --role silo --name X --port N --cluster-db PATH --storage-db PATH  (a silo process of a cluster scenario)
//        Granary.Benchmarks --list
// Exit codes: 0 ran (targets missed or not), 1 could not run, 2 bad usage.
IScenario[] scenarios =
[
    new PingLocalScenario(), new ActivationMemoryScenario(), new SiloStartupScenario(),
    new PingCrossSiloScenario(), new FailoverScenario(), new JoinScenario(),
    new StreamsMemoryScenario(), new StreamsPostgresScenario(),
];

if (args.Length == 0 || args[0] is "--list" or "-l")
{
    foreach (var scenario in scenarios)
    {
        Console.WriteLine($"{scenario.Name,-20} {scenario.Description}");
    }

    return args.Length == 0 ? 2 : 0;
}

var selected = scenarios.FirstOrDefault(s => s.Name == args[0]);
if (selected is null)
{
    Console.Error.WriteLine($"Unknown scenario '{args[0]}'. Scenarios:");
    foreach (var scenario in scenarios)
    {
        Console.Error.WriteLine($"  {scenario.Name}");
    }

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
    if (!options.Child)
    {
        Console.WriteLine(MachineInfo.Describe());
    }

    if (options.Role == "silo")
    {
        // A silo process of a cluster scenario, started by the driver.
        await Granary.Benchmarks.Hosting.ClusterSilo.RunProcessAsync(options, Console.Out, cancellation.Token);
        return 0;
    }

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
