using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Regions;
using Platform.Core.Search;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Documents;
using Platform.Modules.Providers.Search;
using Platform.Core.Text;

namespace Platform.Modules.Providers.Organisations;

/// <summary>Registers provider organisations and answers who may see or change one.</summary>
public sealed partial class ProviderService(
    ProvidersDbContext db, IRegionDirectory regions, IAccessScope access, DocumentService documents, IWorkflowEngine workflows,
    ISearchIndex search, IAuditLog audit, TimeProvider clock)
{
    public const string ModuleId = "Providers";

    /// <summary>
    /// Checks the input, stores the scans, the organisation and its documents, and starts its onboarding. A refusal
    /// (bad field, bad credit code, duplicate, a scan that is not a PDF or image or is too large) keeps nothing.
    /// Returns the provider and, for a self-registration, the tracking key shown once to the applicant.
    /// </summary>
    public async Task<(Provider Provider, string? ApplicantKey)> RegisterAsync(
        ProviderInput input, IReadOnlyList<DocumentUpload> uploads, string actor, bool selfRegistration, CancellationToken ct = default)
    {
        var (code, served) = await ValidateAsync(input, ct);
        await EnsureOneProvinceAsync(served, ct);
        var organisationId = string.IsNullOrWhiteSpace(input.OrganisationId) ? "p-" + code.ToLowerInvariant() : input.OrganisationId.Trim();
        if (!OrganisationIdPattern().IsMatch(organisationId))
            throw PlatformException.Invalid("机构标识只能包含小写字母、数字和连字符（3–64 位）。", "The organisation id may hold lower-case letters, digits and hyphens (3–64).");
        await EnsureUniqueAsync(code, organisationId, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        string? key = selfRegistration ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null;
        var provider = new Provider
        {
            OrganisationId = organisationId, LegalName = input.LegalName.Trim(), CreditCode = code, Category = input.Category,
            HomeRegion = served[0], Status = ProviderStatus.Applied, ContactName = input.ContactName.Trim(), ContactPhone = input.ContactPhone.Trim(),
            ContactEmail = Blank(input.ContactEmail), Address = Blank(input.Address), CreatedAt = now, UpdatedAt = now,
            ApplicantKeyHash = key is null ? null : HashKey(key),
            Regions = [.. served.Select(r => new ProviderRegion { RegionCode = r })],
        };
        var stored = await documents.StoreScansAsync(uploads, provider, actor, ct); // refused whole before anything is written
        try
        {
            db.Providers.Add(provider);
            await db.SaveChangesAsync(ct);
            await documents.AddRecordsAsync(provider, stored, actor, ct);
        }
        catch (DbUpdateException)
        {
            await documents.DiscardScansAsync(stored, ct);
            db.ChangeTracker.Clear();
            await EnsureUniqueAsync(code, organisationId, ct); // a simultaneous registration won: say so in Chinese
            throw;
        }
        var instance = await workflows.StartAsync(ModuleId, "onboarding", EntityId(provider), provider.HomeRegion, actor, provider.OrganisationId, ct);
        provider.WorkflowInstanceId = instance.Id;
        await db.SaveChangesAsync(ct);
        return (provider, key);
    }

    /// <summary>The workflow entity id of a provider (also shown in notifications).</summary>
    public static string EntityId(Provider provider) => $"provider:{provider.Id}:{provider.LegalName}";

    /// <summary>
    /// Changes the organisation. Contacts and address are the provider's own. What the bureau vets is refused (403,
    /// nothing stored) to anyone else when sent with a value other than the stored one: legal name and category (the
    /// vetting region's bureau), regions served (a region added only by a bureau over it, so widening coverage is a
    /// <see cref="Coverage.CoverageService"/> request; one dropped by a bureau over it or the vetting bureau), credit
    /// code, status, organisation id and home region (not changed here at all). Offerings keep only the regions still served.
    /// </summary>
    public async Task<Provider> UpdateAsync(ClaimsPrincipal caller, long id, ProviderUpdate change, CancellationToken ct = default)
    {
        var provider = await RequireAsync(caller, id, write: true, ct);
        var current = provider.Regions.Select(r => r.RegionCode).ToHashSet(StringComparer.Ordinal);
        var served = change.Regions is null ? current : Codes(change.Regions).ToHashSet(StringComparer.Ordinal);
        // Who may set what is checked before the values themselves: a refusal says nothing about the record's rules.
        await EnsureMaySetAsync(caller, provider, change, served, current, ct);

        var input = new ProviderInput(change.LegalName ?? provider.LegalName, provider.CreditCode, change.Category ?? provider.Category,
            [.. served], change.ContactName, change.ContactPhone, change.ContactEmail, change.Address);
        await ValidateAsync(input, ct);
        if (!served.Contains(provider.HomeRegion))
            throw PlatformException.Invalid("服务地区必须包含审核地区（" + provider.HomeRegion + "）。", "The regions served must include the vetting region.");
        provider.LegalName = input.LegalName.Trim();
        provider.Category = input.Category;
        provider.ContactName = input.ContactName.Trim();
        provider.ContactPhone = input.ContactPhone.Trim();
        provider.ContactEmail = Blank(input.ContactEmail);
        provider.Address = Blank(input.Address);
        provider.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.ProviderRegions.RemoveRange(provider.Regions.Where(r => !served.Contains(r.RegionCode)));
        foreach (var code in served.Where(c => !current.Contains(c)))
            provider.Regions.Add(new ProviderRegion { RegionCode = code });
        var dropped = await TrimOfferingsAsync(provider.Id, [.. served], ct);
        await db.SaveChangesAsync(ct);
        await OfferingSearchSource.MarkAsync(search, dropped, ct);
        return provider;
    }

    /// <summary>
    /// The provider stops serving a region other than its vetting region (its own staff or system, a bureau over that
    /// region, or the vetting bureau): the region leaves its regions served and its offerings there; audited.
    /// </summary>
    public async Task<Provider> StopServingAsync(ClaimsPrincipal caller, long id, string regionCode, CancellationToken ct = default)
    {
        var provider = await RequireAsync(caller, id, write: true, ct);
        var row = provider.Regions.FirstOrDefault(r => r.RegionCode == regionCode)
            ?? throw PlatformException.NotFound($"本机构不在地区“{regionCode}”服务。", $"The provider does not serve region '{regionCode}'.");
        if (regionCode == provider.HomeRegion)
            throw PlatformException.Conflict($"审核地区（{regionCode}）不能停止服务；如需变更审核地区，请联系主管部门。", "The vetting region cannot be dropped.");
        var own = GrantClaim.Of(caller).Any(g => g.OrganisationId == provider.OrganisationId);
        if (!own && !await IsVettingBureauAsync(caller, provider, ct) && !await BureauOverAsync(caller, regionCode, ct))
            throw new PlatformException(403, "只有本机构、该地区或审核地区的主管部门可以停止在该地区的服务。",
                "Only the provider or a bureau over that region may do this.");
        db.ProviderRegions.Remove(row);
        provider.Regions.Remove(row);
        provider.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        var dropped = await TrimOfferingsAsync(provider.Id, [.. provider.Regions.Select(r => r.RegionCode)], ct);
        await db.SaveChangesAsync(ct);
        await OfferingSearchSource.MarkAsync(search, dropped, ct);
        await audit.WriteAsync(new AuditEntry("provider.coverage-stopped", caller.Identity?.Name ?? "anonymous", regionCode, ModuleId,
            $"{provider.LegalName}（{provider.CreditCode}）", "停止在该地区服务"), ct);
        return provider;
    }

    private static IEnumerable<string> Codes(IEnumerable<string> codes) =>
        codes.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal);

    /// <summary>The provider if the caller may see it (write: change it); 404 outside scope, 403 when visible but not changeable.</summary>
    public async Task<Provider> RequireAsync(ClaimsPrincipal caller, long id, bool write, CancellationToken ct = default)
    {
        var provider = await db.Providers.Include(p => p.Regions).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (provider is null) throw PlatformException.NotFound("未找到该服务商，或它不在您的管辖范围内。", "No such provider in your scope.");
        await EnsureAsync(caller, provider, write, ct);
        return provider;
    }

    /// <summary>Throws unless the caller may see (or change) the provider's records.</summary>
    public async Task EnsureAsync(ClaimsPrincipal caller, Provider provider, bool write, CancellationToken ct = default)
    {
        var decision = await access.ForOrganisationAsync(caller, provider.OrganisationId, provider.Regions.Select(r => r.RegionCode).ToList(), write, ct);
        // An approved provider is public (its pages list it): another organisation's staff and systems see what the
        // public sees, and are refused (403) when they try to change it.
        if (decision == AccessDecision.Hidden && provider.Status == ProviderStatus.Approved
            && GrantClaim.Of(caller).Any(g => g.OrganisationId is not null))
            decision = write ? AccessDecision.Forbidden : AccessDecision.Allowed;
        if (decision == AccessDecision.Forbidden)
            throw new PlatformException(403, "您只能修改本机构的信息，不能修改其他服务商的记录。", "You may change only your own organisation's records.");
        if (decision == AccessDecision.Hidden)
            throw PlatformException.NotFound("未找到该服务商，或它不在您的管辖范围内。", "No such provider in your scope.");
    }

    /// <summary>Providers whose staff the caller is (provider roles and systems), or in the caller's regions (bureaus, liaison officers).</summary>
    public async Task<List<Provider>> VisibleAsync(ClaimsPrincipal caller, string? regionCode = null, CancellationToken ct = default)
    {
        var grants = GrantClaim.Of(caller);
        var organisations = grants.Where(g => g.OrganisationId is not null).Select(g => g.OrganisationId!).ToList();
        var visible = await access.VisibleRegionsAsync(caller, ct);
        var query = db.Providers.AsNoTracking().Include(p => p.Regions).AsQueryable();
        if (visible is not null)
            query = query.Where(p => organisations.Contains(p.OrganisationId) || p.Regions.Any(r => visible.Contains(r.RegionCode)));
        if (regionCode is not null)
        {
            var within = await SubtreeAsync(regionCode, ct);
            query = query.Where(p => p.Regions.Any(r => within.Contains(r.RegionCode)));
        }
        return await query.OrderBy(p => p.Id).ToListAsync(ct);
    }

    /// <summary>The region and every region below it.</summary>
    public async Task<List<string>> SubtreeAsync(string regionCode, CancellationToken ct)
    {
        var root = await regions.FindAsync(regionCode, ct);
        if (root is null) return [];
        return [.. (await regions.AllAsync(ct)).Where(root.Contains).Select(r => r.Code)];
    }

    /// <summary>The applicant's provider for a tracking key, or null.</summary>
    public Task<Provider?> FindByApplicantKeyAsync(string key, CancellationToken ct = default)
    {
        var hash = HashKey(key);
        return db.Providers.Include(p => p.Regions).FirstOrDefaultAsync(p => p.ApplicantKeyHash == hash, ct);
    }

    private async Task<(string Code, List<string> Served)> ValidateAsync(ProviderInput input, CancellationToken ct)
    {
        TextValidator.Validate(input, "机构资料"); // the public application form and the demo come here without the API's filter
        if (string.IsNullOrWhiteSpace(input.LegalName) || input.LegalName.Trim().Length > 200)
            throw PlatformException.Invalid("请填写与营业执照一致的机构名称（200 字以内）。", "Enter the legal name as on the licence.");
        var code = CreditCode.Normalise(input.CreditCode);
        if (CreditCode.Problem(code) is { } problem) throw PlatformException.Invalid(problem.Zh, problem.En);
        ProviderCategories.Require(input.Category);
        if (string.IsNullOrWhiteSpace(input.ContactName) || string.IsNullOrWhiteSpace(input.ContactPhone) || input.ContactPhone.Trim().Length > 30)
            throw PlatformException.Invalid("请填写联系人姓名和联系电话。", "Enter a contact name and phone number.");
        var served = input.Regions.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (served.Count == 0) throw PlatformException.Invalid("请至少选择一个服务地区。", "Choose at least one region served.");
        foreach (var code6 in served)
        {
            if (await regions.FindAsync(code6, ct) is not { Archived: false })
                throw PlatformException.Invalid($"服务地区“{code6}”不存在或已归档，请重新选择。", $"Region '{code6}' does not exist or is archived.");
        }
        return (code, served);
    }

    /// <summary>
    /// An application is vetted by the bureau of its first region; it cannot name regions of another province, whose
    /// bureau never sees it. Those come later, one coverage request each, approved there.
    /// </summary>
    private async Task EnsureOneProvinceAsync(List<string> served, CancellationToken ct)
    {
        static string Province(RegionInfo r) => r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
        var home = Province((await regions.FindAsync(served[0], ct))!);
        foreach (var code in served.Skip(1))
        {
            if (Province((await regions.FindAsync(code, ct))!) != home)
                throw PlatformException.Invalid($"服务地区“{code}”与审核地区（{served[0]}）不在同一省份：入驻申请只能填写本省地区，通过后再逐个提交扩展服务地区申请，由当地主管部门审批。",
                    $"Region '{code}' lies in another province than the vetting region: ask for it with a coverage request once approved.");
        }
    }

    private async Task EnsureUniqueAsync(string code, string organisationId, CancellationToken ct)
    {
        if (await db.Providers.AnyAsync(p => p.CreditCode == code, ct))
            throw PlatformException.Conflict($"统一社会信用代码 {code} 已登记过，不能重复登记。如需修改资料，请登录服务商后台或联系主管部门。",
                $"Credit code {code} is already registered.");
        if (await db.Providers.AnyAsync(p => p.OrganisationId == organisationId, ct))
            throw PlatformException.Conflict($"机构标识 {organisationId} 已被其他服务商使用。", $"Organisation id {organisationId} is taken.");
    }

    private static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{2,63}$")]
    private static partial System.Text.RegularExpressions.Regex OrganisationIdPattern();
}
