namespace Granary.Hosting;

/// <summary>Configures a silo: its services (storage providers, options) and configuration.</summary>
public interface ISiloBuilder : IGranaryBuilder;
