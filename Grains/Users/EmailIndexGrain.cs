using Granary.Grains.Errors;
using Granary.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace Granary.Grains.Users;

/// <summary>
/// Owner of one normalized email. Registrations of the same email queue on this grain (one turn at a time), so only
/// the first creates an account. The chosen user id is persisted before the account is created: a registration cut
/// short by a crash is finished by the next one, never leaving the email blocked without an account.
/// </summary>
internal sealed partial class EmailIndexGrain(
    [PersistentState("email")] IPersistentState<EmailIndexState> state,
    ILogger<EmailIndexGrain> logger) : Grain, IEmailIndexGrain
{
    public Task<UserProfile> Register(Registration registration) => RegisterAsync(registration, []);

    public async Task<UserProfile?> Authenticate(string password)
        => state.State is { Taken: true, UserId: { } userId } ? await User(userId).Authenticate(password) : null;

    public async Task<UserProfile> EnsureAccount(Registration registration, string role)
    {
        if (state.State is { Taken: true, UserId: { } userId })
        {
            var existing = await User(userId).Reset(registration.Password, role);
            LogAccountEnsured(logger, existing.Email, role, "existing");
            return existing;
        }

        var created = await RegisterAsync(registration, [role]);
        LogAccountEnsured(logger, created.Email, role, "created");
        return created;
    }

    public Task<Guid?> GetUserId() => Task.FromResult(state.State.Taken ? state.State.UserId : null);

    private async Task<UserProfile> RegisterAsync(Registration registration, string[] roles)
    {
        registration.Validate();
        if (!string.Equals(EmailAddress.Normalize(registration.Email), this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["email"] = ["does not belong to this email index entry"] });
        }

        if (state.State.Taken)
        {
            throw new EmailTakenException("An account with this email address already exists.");
        }

        if (state.State.UserId is null)
        {
            state.State.UserId = Guid.NewGuid();
            await state.WriteOrDeactivateAsync(this);
        }

        // Null: an earlier registration, cut short after creating the account, had already won the email.
        var profile = await User(state.State.UserId.Value).Create(registration, roles);
        state.State.Taken = true;
        await state.WriteOrDeactivateAsync(this);
        return profile ?? throw new EmailTakenException("An account with this email address already exists.");
    }

    private IUserGrain User(Guid userId) => GrainFactory.GetGrain<IUserGrain>(userId);

    [LoggerMessage(EventId = EventIds.AccountEnsured, Level = LogLevel.Information, Message = "Account {Email} with role {Role}: {Outcome}")]
    private static partial void LogAccountEnsured(ILogger logger, string email, string role, string outcome);
}
