namespace Granary.Metadata;

/// <summary>Generated per assembly: adds that assembly's proxies, grain classes and copiers to the manifest.</summary>
public interface IGranaryManifestProvider
{
    void Populate(GranaryManifest manifest);
}
