using Granary.Membership;
using Granary.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Granary.Runtime.Tests.Membership;

public sealed class MembershipModelTests
{
    [Theory]
    [InlineData("10.0.0.7:11111@638000000000000000", "10.0.0.7", 11111, 638000000000000000L)]
    [InlineData("::1:30000@5", "::1", 30000, 5L)]
    [InlineData("silo-0.granary:1@-1", "silo-0.granary", 1, -1L)]
    public void A_silo_address_round_trips_through_its_text_form(string text, string host, int port, long generation)
    {
        var address = SiloAddress.Parse(text);

        Assert.Equal(new SiloAddress(host, port, generation), address);
        Assert.Equal(text, address.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:1")]
    [InlineData("host@1")]
    [InlineData(":1@1")]
    [InlineData("host:70000@1")]
    [InlineData("host:x@1")]
    public void Malformed_silo_addresses_do_not_parse(string text) => Assert.False(SiloAddress.TryParse(text, out _));

    [Fact]
    public void Silo_addresses_are_equal_only_on_host_port_and_generation()
    {
        var a = new SiloAddress("10.0.0.1", 1, 5);

        Assert.Equal(a, new SiloAddress("10.0.0.1", 1, 5));
        Assert.Equal(a.GetHashCode(), new SiloAddress("10.0.0.1", 1, 5).GetHashCode());
        Assert.NotEqual(a, new SiloAddress("10.0.0.1", 1, 6));
        Assert.NotEqual(a, new SiloAddress("10.0.0.1", 2, 5));
        Assert.NotEqual(a, new SiloAddress("10.0.0.2", 1, 5));
        Assert.True(a.IsSameEndpoint(new SiloAddress("10.0.0.1", 1, 6)));
    }

    [Fact]
    public void A_restart_gets_a_larger_generation()
    {
        var time = new Granary.Testing.ManualTimeProvider();
        var first = SiloAddress.NewGeneration(time);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(SiloAddress.NewGeneration(time) > first);
    }

    [Fact]
    public void The_default_membership_options_are_valid()
    {
        var options = new MembershipOptions();

        Assert.True(new MembershipOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ProbeInterval);
        Assert.Equal(3, options.MissedProbesLimit);
        Assert.Equal(2, options.NumVotesForDeathDeclaration);
    }

    [Fact]
    public void Invalid_membership_options_name_the_setting()
    {
        var result = new MembershipOptionsValidator().Validate(null, new MembershipOptions
        {
            ProbeInterval = TimeSpan.Zero,
            NumVotesForDeathDeclaration = 0,
        });

        Assert.True(result.Failed);
        Assert.Contains("Granary:Membership:ProbeInterval must be positive", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Granary:Membership:NumVotesForDeathDeclaration must be at least 1", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_two_clustering_providers_is_refused()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        var builder = new TestMembershipSiloBuilder(services, configuration);
        builder.UseInMemoryClustering(new InMemoryMembershipTable());

        Assert.Throws<InvalidOperationException>(() => builder.UseInMemoryClustering(new InMemoryMembershipTable()));
        Assert.IsType<OptionsValidationException>(Record.Exception(() =>
        {
            services.AddMembershipAgent(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Granary:Membership:MissedProbesLimit"] = "0" })
                .Build());
            using var provider = services.BuildServiceProvider();
            _ = provider.GetRequiredService<IOptions<MembershipOptions>>().Value;
        }));
    }

    private sealed record TestMembershipSiloBuilder(
        IServiceCollection Services,
        IConfiguration Configuration) : ISiloBuilder;
}
