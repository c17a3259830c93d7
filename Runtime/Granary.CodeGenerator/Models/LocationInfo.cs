using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Granary.CodeGenerator.Models
{
    /// <summary>A source location without the syntax tree, so models stay cacheable across compilations.</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static LocationInfo? From(Location? location) =>
            location is null || !location.IsInSource
                ? null
                : new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);

        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
    }
}
