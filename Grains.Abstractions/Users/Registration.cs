using Granary.Grains.Common;

namespace Granary.Grains.Users;

/// <summary>A new account's details; the password is hashed by the user grain and never stored or returned.</summary>
[GenerateSerializer, Immutable, Alias("granary.registration")]
public sealed record Registration(string Email, string Password, string Name)
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    public void Validate()
    {
        var errors = new ValidationErrors();
        EmailAddress.Check(errors, Email);
        errors.Require(Password is { Length: >= MinPasswordLength and <= MaxPasswordLength }, "password",
            $"must be {MinPasswordLength}–{MaxPasswordLength} characters");
        errors.RequireText(Name, "name", UserProfile.MaxNameLength);
        errors.ThrowIfAny();
    }
}
