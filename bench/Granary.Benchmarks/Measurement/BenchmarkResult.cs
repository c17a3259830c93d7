using System.Globalization;

namespace Granary.Benchmarks.Measurement;

/// <summary>One figure, printed as <c>RESULT metric=value unit</c> (the contract in BENCHMARKS.md).</summary>
internal sealed record BenchmarkResult(string Metric, double Value, string Unit, string Format = "0.###")
{
    public override string ToString() =>
        $"RESULT {Metric}={Value.ToString(Format, CultureInfo.InvariantCulture)} {Unit}";
}
