namespace Granary.Membership;

/// <summary>Where a silo is in its life, as recorded in the membership table. Values are stored: never renumber.</summary>
public enum SiloStatus
{
    /// <summary>Not yet in the table.</summary>
    Created = 0,

    /// <summary>Its row is written; it is starting and takes no grains yet.</summary>
    Joining = 1,

    /// <summary>Serving: probed by others, a placement target.</summary>
    Active = 2,

    /// <summary>Leaving gracefully: takes no new activations, finishes and hands over the ones it has.</summary>
    ShuttingDown = 3,

    /// <summary>Stopping its runtime; about to become <see cref="Dead"/>.</summary>
    Stopping = 4,

    /// <summary>Gone, by its own leave or by the others' votes. A dead silo never comes back under the same generation.</summary>
    Dead = 5,
}
