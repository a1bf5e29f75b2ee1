using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Features;
using Platform.Core.Modules;
using Platform.Modules.Providers.Coverage;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Offerings;
using Platform.Modules.Providers.Organisations;
using Platform.Modules.Providers.Ratings;
using Platform.Core.Text;

namespace Platform.Modules.Providers.Api;

public sealed record OrganisationDto(
    long Id, string OrganisationId, string LegalName, string CreditCode, string Category, string Status, bool AcceptsNewOrders,
    string? OrdersSuspendedReason, IReadOnlyList<string> Regions, string ContactName, string ContactPhone, string? ContactEmail,
    string? Address, string HomeRegion);

/// <summary>
/// A change to the organisation: contacts and address are the provider's; what the bureau vets may be sent back as read
/// (or left out) but changed only by the bureau (<see cref="SetByAttribute"/>). Widening the regions served is a
/// coverage request (<c>POST …/coverage-requests</c>); stopping one is <c>DELETE …/regions/{regionCode}</c>.
/// </summary>
public sealed record OrganisationUpdate(
    [property: SetBy(PlatformRoles.BureauAdmin)] [SingleLine(200, Label = "机构名称")] string? LegalName,
    [property: SetBy(PlatformRoles.BureauAdmin)] [SingleLine(32, Label = "服务类别")] string? Category,
    [property: SetBy(PlatformRoles.BureauAdmin)] [SingleLine(12, Label = "服务地区代码")] IReadOnlyList<string>? Regions,
    [SingleLine(50, Label = "联系人")] string ContactName, [SingleLine(30, Label = "联系电话")] string ContactPhone,
    [SingleLine(200, Label = "电子邮箱")] string? ContactEmail, [SingleLine(300, Label = "地址")] string? Address,
    [property: SetBy(PlatformRoles.BureauAdmin)] [SingleLine(32, Label = "统一社会信用代码")] string? CreditCode = null,
    [property: SetBy(PlatformRoles.BureauAdmin)] [SingleLine(20, Label = "入驻状态")] string? Status = null,
    [property: SetBy(PlatformRoles.BureauAdmin)] [SingleLine(64, Label = "机构标识")] string? OrganisationId = null,
    [property: SetBy(PlatformRoles.BureauAdmin)] [SingleLine(12, Label = "审核地区")] string? HomeRegion = null);

/// <summary>A request to serve one more region: the provider names it, that region's bureau decides.</summary>
public sealed record CoverageRequestInput(
    [property: SetBy(PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff, PlatformRoles.ProviderSystem)]
    [SingleLine(12, Label = "申请服务地区")] string RegionCode,
    [MultiLine(500, Label = "申请说明")] string? Note);

/// <summary>A coverage request as its provider sees it: the state and, once decided, who decided and why.</summary>
public sealed record CoverageRequestDto(
    long Id, string RegionCode, string Status, string StatusZh, string? Note, string RequestedBy, DateTime RequestedAt, string? DecidedBy,
    DateTime? DecidedAt, string? Reason);

public sealed record OfferingDto(
    long Id, long ProviderId, string Type, string Title, string Description, IReadOnlyList<string> Regions, string OpeningHours, int? Capacity,
    string? Accessibility, decimal Price, string Unit, DateTime UpdatedAt);

public sealed record PriceFlagDto(long OfferingId, string Provider, string Title, string Type, string RegionCode, decimal Price, decimal ReferencePrice, string ReferenceRegion, decimal PercentAbove);

public sealed record RankingDto(int Rank, string OrganisationId, string LegalName, string Category, double? Average, int Count, string? Trend);

/// <summary>
/// <c>/api/v1/providers</c>: a provider's system (client credentials bound to its organisation) reads and changes its
/// own organisation (not what the bureau vets) and offerings, asks to serve another region and stops serving one;
/// another organisation's records answer 403 (an approved provider is public) or 404, unchanged. Bureaus read price
/// flags and rankings for a region.
/// </summary>
public static class ProviderApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var organisations = api.MapGroup("").WithMetadata(new RegionAgnosticEndpoint());
        organisations.MapGet("/organisations/{organisationId}", GetOrganisation).WithName("ProvidersGetOrganisation").RequireScope("providers.read");
        organisations.MapPut("/organisations/{organisationId}", UpdateOrganisation).WithName("ProvidersUpdateOrganisation").RequireScope("providers.write");
        organisations.MapGet("/organisations/{organisationId}/coverage-requests", ListCoverageRequests)
            .WithName("ProvidersListCoverageRequests").RequireScope("providers.read");
        organisations.MapPost("/organisations/{organisationId}/coverage-requests", RequestCoverage).WithName("ProvidersRequestCoverage")
            .RequireScope("providers.write");
        organisations.MapDelete("/organisations/{organisationId}/regions/{regionCode}", StopServing).WithName("ProvidersStopServing")
            .RequireScope("providers.write");
        organisations.MapGet("/organisations/{organisationId}/offerings", ListOfferings).WithName("ProvidersListOfferings").RequireScope("providers.read");
        organisations.MapPost("/organisations/{organisationId}/offerings", CreateOffering).WithName("ProvidersCreateOffering").RequireScope("providers.write");
        organisations.MapGet("/offerings/{offeringId:long}", GetOffering).WithName("ProvidersGetOffering").RequireScope("providers.read");
        organisations.MapPut("/offerings/{offeringId:long}", UpdateOffering).WithName("ProvidersUpdateOffering").RequireScope("providers.write");
        api.MapGet("/price-flags", PriceFlags).WithName("ProvidersPriceFlags").RequireScope("providers.read");
        api.MapGet("/ranking", Ranking).WithName("ProvidersRanking").RequireScope("providers.read");
    }

    private static async Task<Ok<OrganisationDto>> GetOrganisation(string organisationId, HttpContext http, ProvidersDbContext db, ProviderService providers, IFeatureGate features)
    {
        var provider = await FindAsync(organisationId, http, db, providers, features, write: false);
        return TypedResults.Ok(Dto(provider));
    }

    private static async Task<Ok<OrganisationDto>> UpdateOrganisation(string organisationId, OrganisationUpdate input, HttpContext http, ProvidersDbContext db, ProviderService providers, IFeatureGate features)
    {
        var provider = await FindAsync(organisationId, http, db, providers, features, write: true);
        var updated = await providers.UpdateAsync(http.User, provider.Id, new ProviderUpdate(
            input.ContactName, input.ContactPhone, input.ContactEmail, input.Address, input.LegalName, input.Category, input.Regions,
            input.CreditCode, input.Status, input.OrganisationId, input.HomeRegion), http.RequestAborted);
        return TypedResults.Ok(Dto(updated));
    }

    private static async Task<Ok<List<CoverageRequestDto>>> ListCoverageRequests(
        string organisationId, HttpContext http, ProvidersDbContext db, ProviderService providers, IFeatureGate features,
        CoverageService coverage)
    {
        var provider = await FindAsync(organisationId, http, db, providers, features, write: false);
        return TypedResults.Ok((await coverage.OfProviderAsync(http.User, provider.Id, http.RequestAborted)).Select(Dto).ToList());
    }

    private static async Task<Created<CoverageRequestDto>> RequestCoverage(
        string organisationId, CoverageRequestInput input, HttpContext http, ProvidersDbContext db, ProviderService providers,
        IFeatureGate features, CoverageService coverage)
    {
        var provider = await FindAsync(organisationId, http, db, providers, features, write: true);
        var request = await coverage.RequestAsync(http.User, provider.Id, input.RegionCode, input.Note, http.RequestAborted);
        return TypedResults.Created($"/api/v1/providers/organisations/{organisationId}/coverage-requests", Dto(request));
    }

    private static async Task<Ok<OrganisationDto>> StopServing(
        string organisationId, string regionCode, HttpContext http, ProvidersDbContext db, ProviderService providers, IFeatureGate features)
    {
        var provider = await FindAsync(organisationId, http, db, providers, features, write: true);
        return TypedResults.Ok(Dto(await providers.StopServingAsync(http.User, provider.Id, regionCode, http.RequestAborted)));
    }

    private static async Task<Ok<List<OfferingDto>>> ListOfferings(string organisationId, HttpContext http, ProvidersDbContext db, ProviderService providers, IFeatureGate features, OfferingService offerings)
    {
        var provider = await FindAsync(organisationId, http, db, providers, features, write: false);
        return TypedResults.Ok((await offerings.OfProviderAsync(provider.Id, http.RequestAborted)).Select(Dto).ToList());
    }

    private static async Task<Created<OfferingDto>> CreateOffering(string organisationId, OfferingInput input, HttpContext http, ProvidersDbContext db, ProviderService providers, IFeatureGate features, OfferingService offerings)
    {
        var provider = await FindAsync(organisationId, http, db, providers, features, write: true);
        var offering = await offerings.CreateAsync(http.User, provider.Id, input, http.RequestAborted);
        return TypedResults.Created($"/api/v1/providers/offerings/{offering.Id}", Dto(offering));
    }

    private static async Task<Ok<OfferingDto>> GetOffering(long offeringId, HttpContext http, OfferingService offerings, IFeatureGate features)
    {
        var (offering, provider) = await offerings.RequireAsync(http.User, offeringId, write: false, http.RequestAborted);
        await EnsureEnabledAsync(provider, features, http.RequestAborted);
        return TypedResults.Ok(Dto(offering));
    }

    private static async Task<Ok<OfferingDto>> UpdateOffering(long offeringId, OfferingInput input, HttpContext http, OfferingService offerings, IFeatureGate features)
    {
        var (_, provider) = await offerings.RequireAsync(http.User, offeringId, write: true, http.RequestAborted);
        await EnsureEnabledAsync(provider, features, http.RequestAborted);
        return TypedResults.Ok(Dto(await offerings.UpdateAsync(http.User, offeringId, input, http.RequestAborted)));
    }

    private static async Task<Ok<List<PriceFlagDto>>> PriceFlags(string region, HttpContext http, ReferencePriceService prices)
    {
        var flags = await prices.FlagsAsync(http.User, region, http.RequestAborted);
        return TypedResults.Ok(flags.Select(f => new PriceFlagDto(f.Offering.Id, f.Provider.LegalName, f.Offering.Title, f.Offering.Type, f.RegionCode,
            f.Offering.PriceFen / 100m, f.ReferenceFen / 100m, f.ReferenceRegion, f.PercentAbove)).ToList());
    }

    private static async Task<Ok<List<RankingDto>>> Ranking(string region, HttpContext http, RatingService ratings)
    {
        var rows = await ratings.RankingAsync(http.User, region, http.RequestAborted);
        return TypedResults.Ok(rows.Select(r => new RankingDto(r.Rank, r.Provider.OrganisationId, r.Provider.LegalName, r.Provider.Category,
            r.Summary.Average, r.Summary.Count, r.Summary.Trend)).ToList());
    }

    private static async Task<Provider> FindAsync(string organisationId, HttpContext http, ProvidersDbContext db, ProviderService providers, IFeatureGate features, bool write)
    {
        var id = await db.Providers.Where(p => p.OrganisationId == organisationId).Select(p => (long?)p.Id).FirstOrDefaultAsync(http.RequestAborted)
            ?? throw PlatformException.NotFound("未找到该服务商，或它不在您的管辖范围内。", "No such provider in your scope.");
        var provider = await providers.RequireAsync(http.User, id, write, http.RequestAborted);
        await EnsureEnabledAsync(provider, features, http.RequestAborted);
        return provider;
    }

    /// <summary>These endpoints take no region: where the module is off in the provider's region, the provider is absent.</summary>
    private static async Task EnsureEnabledAsync(Provider provider, IFeatureGate features, CancellationToken ct)
    {
        if (!await features.IsEnabledAsync(provider.HomeRegion, ProvidersModule.Id, ct))
            throw PlatformException.NotFound("该地区未开通服务商模块。", "The providers module is off in the provider's region.");
    }

    private static OrganisationDto Dto(Provider p) => new(
        p.Id, p.OrganisationId, p.LegalName, p.CreditCode, p.Category, p.Status, p.Status == ProviderStatus.Approved && !p.OrdersSuspended,
        p.OrdersSuspendedReason, [.. p.Regions.Select(r => r.RegionCode).Order(StringComparer.Ordinal)], p.ContactName, p.ContactPhone,
        p.ContactEmail, p.Address, p.HomeRegion);

    private static CoverageRequestDto Dto(CoverageRequest r) => new(
        r.Id, r.RegionCode, r.Status, CoverageStatus.NameZh(r.Status), r.Note, r.RequestedBy, r.RequestedAt, r.DecidedBy, r.DecidedAt,
        r.Reason);

    private static OfferingDto Dto(Offering o) => new(
        o.Id, o.ProviderId, o.Type, o.Title, o.Description, [.. o.Regions.Select(r => r.RegionCode).Order(StringComparer.Ordinal)], o.OpeningHours,
        o.Capacity, o.Accessibility, o.PriceFen / 100m, o.Unit, o.UpdatedAt);
}
