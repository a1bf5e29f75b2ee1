using Microsoft.AspNetCore.Mvc;
using Platform.Modules.Providers.Coverage;

namespace Platform.Modules.Providers.Pages.Admin.Providers;

/// <summary>
/// The bureau's coverage requests: providers asking to serve a region of its subtree, open ones first, each approved
/// (the region joins the provider's regions served) or refused with a reason the provider sees. Audited. A request of
/// another bureau's region answers 404; provider staff, who have no region, get 404 for the whole page.
/// </summary>
public sealed class CoverageModel(CoverageService coverage) : ProvidersPageModel
{
    public IReadOnlyList<CoverageItem> Items { get; private set; } = [];

    [BindProperty] public string? Reason { get; set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostApproveAsync(long request)
    {
        RequireRegion();
        if (await TryAsync(() => coverage.ApproveAsync(User, request, Reason, HttpContext.RequestAborted),
                "已批准，该地区已加入服务商的服务地区，并记入审计日志。"))
            Reason = null;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRefuseAsync(long request)
    {
        RequireRegion();
        if (await TryAsync(() => coverage.RefuseAsync(User, request, Reason, HttpContext.RequestAborted),
                "已不予批准，服务商会看到理由；已记入审计日志。"))
            Reason = null;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Items = await coverage.ForBureauAsync(User, RequireRegion().Code, HttpContext.RequestAborted);
}
