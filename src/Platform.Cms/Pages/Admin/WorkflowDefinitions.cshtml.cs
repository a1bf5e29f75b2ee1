using Microsoft.AspNetCore.Mvc;
using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Core.Access;
using Platform.Core.Workflows;

namespace Platform.Cms.Pages.Admin;

/// <summary>Every installed process, and one drawn as a diagram with its transitions.</summary>
public sealed class WorkflowDefinitionsModel(PlatformState state, IAccessScope access, WorkflowCatalog catalog) : AdminPageModel(state, access)
{
    public IReadOnlyList<WorkflowDefinition> Definitions => catalog.All;
    public WorkflowDefinition? Selected { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? module, string? id)
    {
        await LoadRegionAsync();
        if (module is null || id is null) return Page();
        Selected = catalog.Find(module, id);
        return Selected is null ? NotFound() : Page();
    }
}
