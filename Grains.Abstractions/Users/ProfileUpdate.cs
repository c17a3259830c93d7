using Granary.Grains.Common;

namespace Granary.Grains.Users;

/// <summary>What a user may change of their profile.</summary>
[GenerateSerializer, Immutable, Alias("granary.profile-update")]
public sealed record ProfileUpdate(string Name, string? Address)
{
    public void Validate()
    {
        var errors = new ValidationErrors();
        errors.RequireText(Name, "name", UserProfile.MaxNameLength);
        errors.RequireText(Address, "address", UserProfile.MaxAddressLength, required: false);
        errors.ThrowIfAny();
    }
}
