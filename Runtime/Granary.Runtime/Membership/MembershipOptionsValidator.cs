using Microsoft.Extensions.Options;

namespace Granary.Membership;

internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.ProbeInterval), options.ProbeInterval);
        Positive(failures, nameof(options.ProbeTimeout), options.ProbeTimeout);
        Positive(failures, nameof(options.DeathVoteExpiration), options.DeathVoteExpiration);
        Positive(failures, nameof(options.IAmAliveInterval), options.IAmAliveInterval);
        Positive(failures, nameof(options.TableRefreshInterval), options.TableRefreshInterval);
        Positive(failures, nameof(options.DefunctSiloExpiration), options.DefunctSiloExpiration);
        Positive(failures, nameof(options.DefunctSiloCleanupPeriod), options.DefunctSiloCleanupPeriod);
        AtLeastOne(failures, nameof(options.MissedProbesLimit), options.MissedProbesLimit);
        AtLeastOne(failures, nameof(options.NumProbedSilos), options.NumProbedSilos);
        AtLeastOne(failures, nameof(options.NumVotesForDeathDeclaration), options.NumVotesForDeathDeclaration);
        if (options.DeathVoteExpiration > TimeSpan.Zero && options.DeathVoteExpiration <= options.ProbeInterval)
        {
            // Otherwise a vote expires before a second suspecter can add its own, and no silo is ever declared dead.
            failures.Add(
                $"{MembershipOptions.SectionName}:{nameof(options.DeathVoteExpiration)} ({options.DeathVoteExpiration}) must be longer than "
                + $"{MembershipOptions.SectionName}:{nameof(options.ProbeInterval)} ({options.ProbeInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{MembershipOptions.SectionName}:{setting} must be positive (was {value}).");
        }
    }

    private static void AtLeastOne(List<string> failures, string setting, int value)
    {
        if (value < 1)
        {
            failures.Add($"{MembershipOptions.SectionName}:{setting} must be at least 1 (was {value}).");
        }
    }
}
