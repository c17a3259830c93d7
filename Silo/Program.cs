using Granary.Hosting;
using Granary.Silo.Configuration;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.UseGranary(silo => silo.AddGrainStorageFromConfiguration().AddClusteringFromConfiguration());
await builder.Build().RunAsync();
