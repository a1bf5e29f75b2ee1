using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Features;
using Platform.Modules.Providers.Coverage;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Documents;
using Platform.Modules.Providers.Offerings;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Pages.Admin.Providers;

/// <summary>
/// One provider: profile and contacts, regions served and coverage requests, vetting documents with their expiry,
/// offerings with prices. Its own staff change contacts and offerings, ask to serve another region and stop serving
/// one; what the bureau vets (name, category, regions) only a bureau changes. Another organisation's staff get 403
/// (approved, hence public) or 404, as on the API.
/// </summary>
[OrganisationPage]
public sealed class DetailModel(
    ProviderService providers, DocumentService documents, OfferingService offerings, CoverageService coverage, IFeatureGate features)
    : ProvidersPageModel
{
    public Provider Provider { get; private set; } = null!;
    public IReadOnlyList<ProviderDocument> Documents { get; private set; } = [];
    public IReadOnlyList<Offering> Offerings { get; private set; } = [];
    public IReadOnlyList<CoverageRequest> CoverageRequests { get; private set; } = [];
    public bool MayWrite { get; private set; }
    /// <summary>A bureau (or the platform administrator): the vetted fields are shown as inputs.</summary>
    public bool MayEditVetted { get; private set; }
    /// <summary>The provider's own staff (or the platform administrator): they ask for more regions.</summary>
    public bool IsOwn { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty, SetBy(PlatformRoles.BureauAdmin)] public string? LegalName { get; set; }
    [BindProperty, SetBy(PlatformRoles.BureauAdmin)] public string? Category { get; set; }
    [BindProperty, SetBy(PlatformRoles.BureauAdmin)] public string? Regions { get; set; }
    /// <summary>The region the provider asks to serve: it names it, that region's bureau decides.</summary>
    [BindProperty, SetBy(PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff)] public string? CoverageRegion { get; set; }
    [BindProperty] public string? CoverageNote { get; set; }
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
        // A field the form did not send is kept (a provider's form has no inputs for what the bureau vets).
        var change = new ProviderUpdate(ContactName ?? "", ContactPhone ?? "", ContactEmail, Address, LegalName, Category,
            Regions is null ? null : OfferingForm.Codes(Regions));
        if (await TryAsync(() => providers.UpdateAsync(User, id, change, HttpContext.RequestAborted), "机构资料已保存。"))
        {
            await LoadAsync(id);
            FillProfile();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCoverageAsync(long id)
    {
        await LoadAsync(id, write: true);
        FillProfile();
        if (await TryAsync(() => coverage.RequestAsync(User, id, CoverageRegion ?? "", CoverageNote, HttpContext.RequestAborted),
                $"已提交在“{CoverageRegion}”服务的申请，由该地区主管部门审批；结果和理由会显示在这里。"))
        {
            CoverageRegion = CoverageNote = null;
            await LoadAsync(id);
        }
        return Page();
    }

    /// <param name="code">The region to stop serving (not <c>region</c>: that names the bureau's working region on these pages).</param>
    public async Task<IActionResult> OnPostStopAsync(long id, string code)
    {
        await LoadAsync(id, write: true);
        if (await TryAsync(() => providers.StopServingAsync(User, id, code, HttpContext.RequestAborted), $"已停止在“{code}”服务，该地区的服务项目已撤下。"))
            await LoadAsync(id);
        FillProfile();
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
        IsOwn = GrantClaim.IsPlatformAdmin(User) || ownOrganisations.Contains(Provider.OrganisationId);
        MayEditVetted = MayWrite && (GrantClaim.IsPlatformAdmin(User) || GrantClaim.Of(User).Any(g => g.Role == PlatformRoles.BureauAdmin));
        CoverageRequests = await coverage.OfProviderAsync(User, id, ct);
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
