using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Hosting;

/// <summary>
/// What silo and client builders share: services and configuration. Settings that apply to both (where
/// the membership table is, for instance) extend this, so they read the same on a silo and on a client.
/// </summary>
public interface IGranaryBuilder
{
    IServiceCollection Services { get; }

    IConfiguration Configuration { get; }
}
