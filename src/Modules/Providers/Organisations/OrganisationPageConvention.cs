using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Platform.Core.Modules;

namespace Platform.Modules.Providers.Organisations;

/// <summary>Marks a page used by a provider's staff (whose grants carry no region).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OrganisationPageAttribute : Attribute;

/// <summary>Adds <see cref="RegionAgnosticEndpoint"/> to pages marked <see cref="OrganisationPageAttribute"/>.</summary>
public sealed class OrganisationPageConvention : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        if (model.HandlerType.IsDefined(typeof(OrganisationPageAttribute), inherit: false))
            model.EndpointMetadata.Add(new RegionAgnosticEndpoint());
    }
}
