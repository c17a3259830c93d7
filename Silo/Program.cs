using Granary.Silo.Hosting;

// `Granary.Silo migrate` applies the schema and exits (the Kubernetes schema Job); without arguments it runs a silo.
return await SiloProgram.RunAsync(args);
