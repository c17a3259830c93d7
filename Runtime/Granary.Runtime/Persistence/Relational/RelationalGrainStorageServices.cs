using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Persistence.Relational;

/// <summary>What the silo hands a relational storage it creates: its name and the services it may use.</summary>
/// <param name="Name">The storage name.</param>
/// <param name="Serializer">The storage's keyed serializer, else the silo's, else JSON.</param>
/// <param name="TimeProvider">The silo's clock, else the system clock.</param>
/// <param name="LoggerFactory">The silo's logger factory, when it has one.</param>
internal sealed record RelationalGrainStorageServices(
    string Name, IGrainStateSerializer Serializer, TimeProvider TimeProvider, ILoggerFactory? LoggerFactory)
{
    /// <summary>A logger categorized by <typeparamref name="TCategory"/>, or a silent one without a logger factory.</summary>
    public ILogger CreateLogger<TCategory>() => (ILogger?)LoggerFactory?.CreateLogger<TCategory>() ?? NullLogger.Instance;
}
