using Granary.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Persistence.Tests;

internal sealed record TestSiloBuilder(IServiceCollection Services, IConfiguration Configuration) : ISiloBuilder;
