namespace Granary.Grains.Users;

/// <summary>One account, keyed by user id. Created only through its email's <see cref="IEmailIndexGrain"/>.</summary>
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the account, idempotently: returns the profile when it was created by this call (or an earlier call
    /// with the same email), null when the account already exists with another email.
    /// </summary>
    Task<UserProfile?> Create(Registration registration, string[] roles);

    /// <summary>The profile; <see cref="Errors.NotFoundException"/> when no such account exists.</summary>
    Task<UserProfile> GetProfile();

    Task<UserProfile> UpdateProfile(ProfileUpdate update);

    /// <summary>The profile when <paramref name="password"/> verifies against the stored hash; null otherwise.</summary>
    Task<UserProfile?> Authenticate(string password);

    /// <summary>Grants <paramref name="role"/> and sets a new password (the admin bootstrap).</summary>
    Task<UserProfile> Reset(string password, string role);
}
