namespace Granary.Grains.Users;

/// <summary>
/// One grain per normalized email address (<see cref="EmailAddress.Normalize"/>): the single place that decides
/// which account owns it, so concurrent registrations with one email create one user.
/// </summary>
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; <see cref="Errors.EmailTakenException"/> when the email already has one.</summary>
    Task<UserProfile> Register(Registration registration);

    /// <summary>The account when <paramref name="password"/> is right; null for a wrong password or an unknown email.</summary>
    Task<UserProfile?> Authenticate(string password);

    /// <summary>
    /// Makes sure an account with these credentials and <paramref name="role"/> exists (start-up bootstrap of the
    /// admin): creates it, or grants the role and resets the password of the existing one.
    /// </summary>
    Task<UserProfile> EnsureAccount(Registration registration, string role);

    Task<Guid?> GetUserId();
}
