namespace Granary.Grains.Users;

[GenerateSerializer, Alias("granary.user-state")]
public sealed class UserState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Email { get; set; } = "";
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public string? Address { get; set; }
    [Id(4)] public string PasswordHash { get; set; } = "";
    [Id(5)] public List<string> Roles { get; set; } = [];
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
}
