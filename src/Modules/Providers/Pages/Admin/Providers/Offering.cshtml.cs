using Microsoft.AspNetCore.Mvc;
using Platform.Core;
using Platform.Core.Features;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Offerings;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Pages.Admin.Providers;

/// <summary>Changing or withdrawing one offering: only its provider's staff and its bureau (others: 403 or 404, unchanged).</summary>
[OrganisationPage]
public sealed class OfferingModel(OfferingService offerings, IFeatureGate features) : ProvidersPageModel
{
    public Offering Item { get; private set; } = null!;
    public Provider Provider { get; private set; } = null!;
    [BindProperty] public OfferingForm Offering { get; set; } = new();

    public async Task OnGetAsync(long id)
    {
        await LoadAsync(id);
        Offering = OfferingForm.From(Item);
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        await LoadAsync(id);
        if (await TryAsync(() => offerings.UpdateAsync(User, id, Offering.ToInput(), HttpContext.RequestAborted), "服务项目已保存。"))
        {
            await LoadAsync(id);
            Offering = OfferingForm.From(Item);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long id)
    {
        await LoadAsync(id);
        await offerings.WithdrawAsync(User, id, HttpContext.RequestAborted);
        return Redirect($"/admin/providers/{Provider.Id}");
    }

    private async Task LoadAsync(long id)
    {
        (Item, Provider) = await offerings.RequireAsync(User, id, write: true, HttpContext.RequestAborted);
        if (!await features.IsEnabledAsync(Provider.HomeRegion, ProvidersModule.Id, HttpContext.RequestAborted))
            throw PlatformException.NotFound("该地区未开通服务商模块。", "The providers module is off in the provider's region.");
    }
}
