namespace Granary.Membership;

/// <summary>A vote that a silo is dead: who suspected it and when. Votes older than the expiration no longer count.</summary>
public readonly record struct SuspicionVote(SiloAddress Suspecter, DateTimeOffset At);
