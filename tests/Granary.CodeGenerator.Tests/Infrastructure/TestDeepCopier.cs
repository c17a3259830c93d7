using Granary.Metadata;
using Granary.Serialization;

namespace Granary.CodeGenerator.Tests.Infrastructure;

/// <summary>Starts a fresh <see cref="TestCopyContext"/> for each top-level value, as the runtime's copier does.</summary>
public sealed class TestDeepCopier(GranaryManifest manifest) : IDeepCopier
{
    public T Copy<T>(T value) => new TestCopyContext(manifest).Copy(value);
}
