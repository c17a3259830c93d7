using Granary.Hosting;
using Granary.Silo.Configuration;
using Microsoft.Extensions.Hosting;

// appsettings.json is read from next to the binary, whatever directory the silo is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseGranary(silo => silo
    .AddGrainStorageFromConfiguration()
    .AddClusteringFromConfiguration()
    .AddRemindersFromConfiguration()
    .AddStreamsFromConfiguration());
await builder.Build().RunAsync();
