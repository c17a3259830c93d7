using Granary.ApiGateway.Hosting;

// The shop's HTTP gateway (shared/API.md). Granary:Database:Provider picks the mode: Sqlite (default) co-hosts the
// silo in this process, so one process on one port serves the whole shop; Postgres joins a cluster as a client.
return await GatewayProgram.RunAsync(args);

/// <summary>The entry point's type, public so functional tests can host the gateway (<c>WebApplicationFactory</c>).</summary>
public partial class Program;
