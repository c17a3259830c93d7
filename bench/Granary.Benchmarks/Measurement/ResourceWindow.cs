namespace Granary.Benchmarks.Measurement;

/// <summary>
/// CPU (and, on PostgreSQL, the shop database's commits and rows written) over one measured block: read at its start
/// and end through <see cref="CallLoad"/>'s hooks.
/// </summary>
internal sealed class ResourceWindow(CpuClock cpu, string? postgresConnectionString)
{
    private CpuReading _cpuStart;
    private DatabaseActivity _databaseStart;

    public CpuReading Cpu { get; private set; }

    /// <summary>Null unless the database is PostgreSQL.</summary>
    public DatabaseActivity? Database { get; private set; }

    public async Task BeginAsync()
    {
        if (postgresConnectionString is not null)
        {
            _databaseStart = await DatabaseActivity.ReadAsync(postgresConnectionString, CancellationToken.None);
        }

        _cpuStart = cpu.Read();
    }

    public async Task EndAsync()
    {
        Cpu = cpu.Read() - _cpuStart;
        if (postgresConnectionString is not null)
        {
            Database = await DatabaseActivity.ReadAsync(postgresConnectionString, CancellationToken.None) - _databaseStart;
        }
    }

    public string DescribeCpu() => Cpu.DescribeCores(cpu.MeasuresSiloProcesses, cpu.MeasuresPostgres);
}
