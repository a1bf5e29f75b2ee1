using Platform.Core.Modules;

namespace Platform.Cms.Site;

/// <summary>Which modules mapped public pages (read once from the endpoint table).</summary>
public sealed class PublicModuleIndex(EndpointDataSource endpoints)
{
    private IReadOnlySet<string>? _ids;

    public IReadOnlySet<string> ModuleIds => _ids ??= endpoints.Endpoints
        .Select(e => e.Metadata.GetMetadata<ModuleEndpointMetadata>())
        .Where(m => m is { Surface: ModuleSurface.Public })
        .Select(m => m!.ModuleId)
        .ToHashSet(StringComparer.Ordinal);
}
