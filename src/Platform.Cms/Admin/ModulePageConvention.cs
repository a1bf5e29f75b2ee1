using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Platform.Core.Modules;

namespace Platform.Cms.Admin;

/// <summary>Tags Razor Pages that live in a module assembly with the module's id, so the feature gate covers them.</summary>
public sealed class ModulePageConvention(ModuleCatalog catalog) : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        var assembly = model.HandlerType.Assembly;
        var module = catalog.Modules.FirstOrDefault(m => m.GetType().Assembly == assembly);
        if (module is not null)
            model.EndpointMetadata.Add(new ModuleEndpointMetadata(module.Manifest.Id, ModuleSurface.Admin));
    }
}
