using Granary.Grains.Catalog;
using Granary.Grains.Errors;
using Granary.Grains.Inventory;
using Granary.Grains.Users;

namespace Granary.Silo.Tests.Shop;

/// <summary>Accounts: unique emails under concurrency, passwords, profiles, and what the silo creates at start-up.</summary>
[Collection(ShopCollection.Name)]
public sealed class UserAccountTests(ShopCluster shop)
{
    private readonly IGrainFactory _grains = shop.Cluster.GrainFactory;

    [Fact]
    public async Task Concurrent_registrations_with_one_email_create_one_user()
    {
        var local = $"buyer-{Guid.NewGuid():N}";
        // The same address in different cases: one account, whichever spelling arrives first.
        var attempts = Enumerable.Range(0, 20).Select(i => new Registration(
            i % 2 == 0 ? $"{local}@Example.COM" : $" {local.ToUpperInvariant()}@example.com ", $"password-{i:00}", $"Buyer {i}"));

        var results = await Task.WhenAll(attempts.Select(async registration =>
        {
            try
            {
                return (Profile: await _grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(registration.Email)).Register(registration), Registration: registration);
            }
            catch (EmailTakenException)
            {
                return (Profile: (UserProfile?)null, Registration: registration);
            }
        }));

        var winner = Assert.Single(results, r => r.Profile is not null);
        var index = _grains.GetGrain<IEmailIndexGrain>($"{local}@example.com");
        Assert.Equal(winner.Profile!.UserId, await index.GetUserId());
        Assert.NotNull(await index.Authenticate(winner.Registration.Password));
        Assert.Null(await index.Authenticate(results.First(r => r.Profile is null).Registration.Password));
        Assert.Equal(winner.Registration.Name, (await _grains.GetGrain<IUserGrain>(winner.Profile.UserId).GetProfile()).Name);
    }

    [Fact]
    public async Task A_profile_is_updated_and_its_password_never_returned()
    {
        var email = $"profile-{Guid.NewGuid():N}@example.com";
        var created = await _grains.GetGrain<IEmailIndexGrain>(email).Register(new Registration(email, "correct horse", "Ada"));
        var user = _grains.GetGrain<IUserGrain>(created.UserId);

        var updated = await user.UpdateProfile(new ProfileUpdate("Ada Lovelace", "12 St James's Square, London"));

        Assert.Equal("Ada Lovelace", updated.Name);
        Assert.Equal("12 St James's Square, London", (await user.GetProfile()).Address);
        Assert.Empty(created.Roles);
        Assert.Null(await user.Authenticate("wrong horse"));
        Assert.NotNull(await user.Authenticate("correct horse"));
        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => user.UpdateProfile(new ProfileUpdate("", new string('x', 501))));
        Assert.Equal(["address", "name"], invalid.Errors.Keys.Order());
        Assert.Equal("Ada Lovelace", (await user.GetProfile()).Name);
        await Assert.ThrowsAsync<NotFoundException>(() => _grains.GetGrain<IUserGrain>(Guid.NewGuid()).GetProfile());
    }

    [Fact]
    public async Task Bad_registrations_are_refused_and_create_nothing()
    {
        var email = $"bad-{Guid.NewGuid():N}@example.com";
        var index = _grains.GetGrain<IEmailIndexGrain>(email);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => index.Register(new Registration(email, "short", new string('n', 101))));

        Assert.Equal(["name", "password"], error.Errors.Keys.Order());
        Assert.Null(await index.GetUserId());
        var longEmail = new string('a', 250) + "@x.io";
        await Assert.ThrowsAsync<ValidationFailedException>(() => _grains.GetGrain<IEmailIndexGrain>(longEmail).Register(new Registration(longEmail, "long enough", "Long")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _grains.GetGrain<IEmailIndexGrain>("not-an-email").Register(new Registration("not-an-email", "long enough", "No")));
        // An email index entry only registers its own address.
        await Assert.ThrowsAsync<ValidationFailedException>(() => index.Register(new Registration("someone-else@example.com", "long enough", "Other")));
    }

    [Fact]
    public async Task The_configured_admin_and_demo_catalog_exist_once_every_silo_started()
    {
        var admin = await _grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(ShopCluster.AdminEmail)).Authenticate(ShopCluster.AdminPassword);

        Assert.NotNull(admin);
        Assert.True(admin.IsAdmin);
        for (var i = 1; i <= ShopCluster.DemoProducts; i++)
        {
            var sku = $"DEMO-{i:0000}";
            Assert.NotNull(await _grains.GetGrain<IProductGrain>(sku).Get());
            // Three silos ran the bootstrap: the stock was put on hand once.
            Assert.Equal(new StockLevel(sku, 7, 0), await _grains.GetGrain<IInventoryGrain>(sku).Get());
        }
    }
}
