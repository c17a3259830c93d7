using Granary.Hosting;

namespace Granary.Client;

/// <summary>Configures a cluster client: where the membership table is, and its options.</summary>
public interface IClientBuilder : IGranaryBuilder;
