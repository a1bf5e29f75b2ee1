using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Features;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Documents;
using Platform.Modules.Providers.Offerings;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Pages.Admin.Providers;

/// <summary>
/// One provider: profile and contacts, vetting documents with their expiry, offerings with prices. Its own staff and
/// its bureau change it; another organisation's staff get 403 (approved, hence public) or 404, as on the API.
/// </summary>
[OrganisationPage]
public sealed class DetailModel(ProviderService providers, DocumentService documents, OfferingService offerings, IFeatureGate features) : ProvidersPageModel
{
    public Provider Provider { get; private set; } = null!;
    public IReadOnlyList<ProviderDocument> Documents { get; private set; } = [];
    public IReadOnlyList<Offering> Offerings { get; private set; } = [];
    public bool MayWrite { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty] public string? LegalName { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Regions { get; set; }
    [BindProperty] public string? ContactName { get; set; }
    [BindProperty] public string? ContactPhone { get; set; }
    [BindProperty] public string? ContactEmail { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? DocumentKind { get; set; }
    [BindProperty] public string? DocumentExpires { get; set; }
    [BindProperty] public IFormFile? DocumentFile { get; set; }
    [BindProperty] public OfferingForm Offering { get; set; } = new();

    public async Task OnGetAsync(long id)
    {
        await LoadAsync(id);
        FillProfile();
    }

    public async Task<IActionResult> OnPostSaveAsync(long id)
    {
        await LoadAsync(id, write: true);
        var input = new ProviderInput(LegalName ?? "", Provider.CreditCode, Category ?? "", OfferingForm.Codes(Regions), ContactName ?? "", ContactPhone ?? "", ContactEmail, Address);
        if (await TryAsync(() => providers.UpdateAsync(User, id, input, HttpContext.RequestAborted), "机构资料已保存。"))
        {
            await LoadAsync(id);
            FillProfile();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(long id)
    {
        await LoadAsync(id, write: true);
        FillProfile();
        if (DocumentFile is null || DocumentFile.Length == 0)
            return Refused("请选择要上传的证件扫描件（PDF 或图片，20 MB 以内）。");
        if (!DateOnly.TryParse(DocumentExpires, CultureInfo.InvariantCulture, out var expires))
            return Refused($"有效期“{DocumentExpires}”无法识别，请写成 2028-06-30 的格式。");
        await using var content = DocumentFile.OpenReadStream();
        var upload = new DocumentUpload(DocumentKind ?? "", content, DocumentFile.FileName, expires);
        if (await TryAsync(() => documents.UploadAsync(Provider, upload, User, HttpContext.RequestAborted), $"《{DocumentKinds.NameZh(DocumentKind ?? "", Provider.Category)}》已上传。"))
        {
            DocumentExpires = null;
            await LoadAsync(id);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostOfferingAsync(long id)
    {
        await LoadAsync(id, write: true);
        FillProfile();
        if (await TryAsync(() => offerings.CreateAsync(User, id, Offering.ToInput(), HttpContext.RequestAborted), "服务项目已添加。"))
        {
            Offering = new OfferingForm();
            await LoadAsync(id);
        }
        return Page();
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Refused(string message)
    {
        Error = message;
        Response.StatusCode = 400;
        return Page();
    }

    private void FillProfile()
    {
        if (Response.StatusCode >= 400) return; // keep what was typed
        LegalName = Provider.LegalName;
        Category = Provider.Category;
        Regions = string.Join(" ", Provider.Regions.Select(r => r.RegionCode).OrderBy(c => c != Provider.HomeRegion).ThenBy(c => c, StringComparer.Ordinal));
        ContactName = Provider.ContactName;
        ContactPhone = Provider.ContactPhone;
        ContactEmail = Provider.ContactEmail;
        Address = Provider.Address;
    }

    private async Task LoadAsync(long id, bool write = false)
    {
        var ct = HttpContext.RequestAborted;
        Provider = await providers.RequireAsync(User, id, write, ct);
        if (!await features.IsEnabledAsync(Provider.HomeRegion, ProvidersModule.Id, ct))
            throw PlatformException.NotFound("该地区未开通服务商模块。", "The providers module is off in the provider's region.");
        try
        {
            await providers.EnsureAsync(User, Provider, write: true, ct);
            MayWrite = true;
        }
        catch (PlatformException) when (!write)
        {
            MayWrite = false;
        }
        // Another provider's staff see its public page, not its documents and contacts here.
        var ownOrganisations = GrantClaim.Of(User).Where(g => g.OrganisationId is not null).Select(g => g.OrganisationId).ToList();
        if (!MayWrite && ownOrganisations.Count > 0 && !ownOrganisations.Contains(Provider.OrganisationId))
            throw new PlatformException(403, "您只能查看和修改本机构的信息。", "You may see only your own organisation's records here.");
        Documents = await documents.CurrentAsync(id, ct);
        Offerings = await offerings.OfProviderAsync(id, ct);
        Today = documents.Today();
    }

    public string ExpiryNote(ProviderDocument d)
    {
        var days = DateOnly.FromDateTime(d.ExpiresOn).DayNumber - Today.DayNumber;
        return days < 0 ? $"已过期 {-days} 天" : days <= 30 ? $"还剩 {days} 天，请尽快换发" : "有效";
    }
}
