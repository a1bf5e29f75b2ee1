using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;

namespace Platform.Core.Modules;

/// <summary>
/// The one entry type of a module: its manifest and its startup. The host finds every non-abstract
/// subclass in the module assemblies it references and never names one.
/// </summary>
public abstract class PlatformModule
{
    /// <summary>The module's identity and dependencies.</summary>
    public abstract ModuleManifest Manifest { get; }

    /// <summary>Registers the module's services (its DbContext, handlers, search sources...).</summary>
    public virtual void ConfigureServices(IServiceCollection services, ModuleServicesContext context) { }

    /// <summary>Maps the module's public pages, admin pages and API; every route is gated by the region's feature switch.</summary>
    public virtual void MapRoutes(ModuleRouteBuilder routes) { }

    /// <summary>Permissions the module defines.</summary>
    public virtual IReadOnlyList<PermissionDescriptor> Permissions => [];

    /// <summary>OAuth scopes the module's API accepts; a token reaches no more than the scopes it was granted.</summary>
    public virtual IReadOnlyList<ApiScopeDescriptor> Scopes => [];

    /// <summary>Admin menu entries, shown only in regions where the module is enabled.</summary>
    public virtual IReadOnlyList<AdminMenuItem> AdminMenu => [];

    /// <summary>Content types the module declares.</summary>
    public virtual IReadOnlyList<ContentTypeDescriptor> ContentTypes => [];

    /// <summary>The module's schema migrations, in ascending version order starting at 1.</summary>
    public virtual IReadOnlyList<SchemaMigration> Migrations => [];
}
