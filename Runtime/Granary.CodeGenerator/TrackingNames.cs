namespace Granary.CodeGenerator
{
    /// <summary>Names of the pipeline steps, so tests can check that unrelated edits leave them cached.</summary>
    internal static class TrackingNames
    {
        public const string GrainInterfaces = nameof(GrainInterfaces);
        public const string GrainClasses = nameof(GrainClasses);
        public const string Copiers = nameof(Copiers);
    }
}
