namespace Granary.Grains.Catalog;

/// <summary>Marker interface of the catalog listing's stream consumer (keyed by catalog stream partition).</summary>
public interface ICatalogProjectionGrain : IGrainWithStringKey;
