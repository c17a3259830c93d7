namespace Granary.Silo.Shop;

/// <summary>The admin account created at start-up (<c>Admin__Email</c>, <c>Admin__Password</c>); none when Email is unset.</summary>
public sealed class AdminAccountOptions
{
    public const string SectionName = "Admin";

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string Name { get; set; } = "Administrator";
}
