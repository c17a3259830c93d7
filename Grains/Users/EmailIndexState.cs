namespace Granary.Grains.Users;

[GenerateSerializer, Alias("granary.email-index-state")]
public sealed class EmailIndexState
{
    /// <summary>The account this email is (being) given to; set and persisted before the account is created.</summary>
    [Id(0)] public Guid? UserId { get; set; }

    /// <summary>The account exists: the email is taken for good.</summary>
    [Id(1)] public bool Taken { get; set; }
}
