using Granary.Grains.Errors;
using Granary.Grains.Persistence;
using Microsoft.AspNetCore.Identity;

namespace Granary.Grains.Users;

/// <summary>One account. Passwords are hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2).</summary>
internal sealed class UserGrain(
    [PersistentState("user")] IPersistentState<UserState> state,
    IPasswordHasher<UserState> hasher,
    TimeProvider time) : Grain, IUserGrain
{
    public async Task<UserProfile?> Create(Registration registration, string[] roles)
    {
        registration.Validate();
        if (state.State.Exists)
        {
            return null;
        }

        var user = state.State;
        user.Email = registration.Email.Trim();
        user.Name = registration.Name.Trim();
        user.Roles = [.. roles.Distinct(StringComparer.Ordinal)];
        user.CreatedAt = time.GetUtcNow();
        user.PasswordHash = hasher.HashPassword(user, registration.Password);
        user.Exists = true;
        await state.WriteOrDeactivateAsync(this);
        return Profile();
    }

    public Task<UserProfile> GetProfile() => Task.FromResult(Profile());

    public async Task<UserProfile> UpdateProfile(ProfileUpdate update)
    {
        update.Validate();
        _ = Profile();
        state.State.Name = update.Name.Trim();
        state.State.Address = string.IsNullOrWhiteSpace(update.Address) ? null : update.Address.Trim();
        await state.WriteOrDeactivateAsync(this);
        return Profile();
    }

    public async Task<UserProfile?> Authenticate(string password)
    {
        if (!state.State.Exists || string.IsNullOrEmpty(password))
        {
            return null;
        }

        switch (hasher.VerifyHashedPassword(state.State, state.State.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return Profile();
            case PasswordVerificationResult.SuccessRehashNeeded:
                // Stored with weaker parameters than today's: upgrade the hash while the password is at hand.
                state.State.PasswordHash = hasher.HashPassword(state.State, password);
                await state.WriteOrDeactivateAsync(this);
                return Profile();
            default:
                return null;
        }
    }

    public async Task<UserProfile> Reset(string password, string role)
    {
        _ = Profile();
        if (!state.State.Roles.Contains(role, StringComparer.Ordinal))
        {
            state.State.Roles.Add(role);
        }

        if (hasher.VerifyHashedPassword(state.State, state.State.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            state.State.PasswordHash = hasher.HashPassword(state.State, password);
        }

        await state.WriteOrDeactivateAsync(this);
        return Profile();
    }

    private UserProfile Profile()
    {
        var user = state.State;
        if (!user.Exists)
        {
            throw new NotFoundException($"No account {this.GetPrimaryKey()}.");
        }

        return new UserProfile(this.GetPrimaryKey(), user.Email, user.Name, user.Address, [.. user.Roles], user.CreatedAt);
    }
}
