using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Regions;
using Platform.Core.Text;
using Platform.Core.Theming;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Documents;
using Platform.Modules.Providers.Onboarding;
using Platform.Modules.Providers.Organisations;
using Platform.Modules.Providers.Ratings;

namespace Platform.Modules.Providers.Site;

/// <summary>
/// Public pages at <c>/r/{region}/providers/</c>: approved providers by category; the self-registration form
/// (anonymous, rate-limited per address); and the applicant's tracking page, reached with the key shown at registration.
/// </summary>
public static class PublicPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", Index);
        pages.MapGet("/apply", ApplyForm);
        // Declared as a file upload (the handler reads the form itself), so the upload walk finds it in the route table.
        pages.MapPost("/apply", Apply).RequireRateLimiting(ProvidersModule.ApplyLimiter).DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data", "application/x-www-form-urlencoded");
        pages.MapGet("/application/{key}", Application).RequireRateLimiting(ProvidersModule.ApplyLimiter);
        pages.MapPost("/application/{key}", Resubmit).RequireRateLimiting(ProvidersModule.ApplyLimiter).DisableAntiforgery();
    }

    /// <summary>Providers one page of the listing shows, and offerings shown per provider (the rest are counted).</summary>
    public const int ProvidersPerPage = 50, OfferingsPerProvider = 10;

    private static async Task<IResult> Index(string region, int? page, HttpContext http, ProvidersDbContext db, IRegionDirectory regions,
        RatingService ratings, IThemeRenderer theme)
    {
        var here = await regions.FindAsync(region, http.RequestAborted);
        var all = await regions.AllAsync(http.RequestAborted);
        // Providers serving this region, a region above it (a city-wide canteen serves each county) or one below it.
        var related = all.Where(r => here is not null && (r.Contains(here) || here.Contains(r))).Select(r => r.Code).ToList();
        // The listing reads and shows a bounded summary of each record, a page at a time: a whole city's providers, or
        // one record stored before the length limits, cannot take the page past the template's output limit.
        var approved = await db.Providers.AsNoTracking()
            .Where(p => p.Status == ProviderStatus.Approved && p.Regions.Any(r => related.Contains(r.RegionCode)))
            .Select(p => new { p.Id, p.Category, LegalName = p.LegalName.Substring(0, 200) })
            .ToListAsync(http.RequestAborted);
        var order = ProviderCategories.All.Select(c => c.Code).ToList();
        var sorted = approved.Where(p => order.Contains(p.Category)).OrderBy(p => order.IndexOf(p.Category))
            .ThenBy(p => p.LegalName, StringComparer.Ordinal).Select(p => p.Id).ToList();
        var pages = Math.Max(1, (sorted.Count + ProvidersPerPage - 1) / ProvidersPerPage);
        var number = Math.Clamp(page ?? 1, 1, pages);
        var ids = sorted.Skip((number - 1) * ProvidersPerPage).Take(ProvidersPerPage).ToList();
        var list = await db.Providers.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id, p.Category, Name = p.LegalName.Substring(0, 201), Phone = p.ContactPhone.Substring(0, 31),
                Address = p.Address == null ? null : p.Address.Substring(0, 301),
            })
            .ToListAsync(http.RequestAborted);
        var offerings = await db.Offerings.AsNoTracking().Where(o => ids.Contains(o.ProviderId) && !o.Withdrawn).OrderBy(o => o.Id)
            .Select(o => new
            {
                o.Id, o.ProviderId, Title = o.Title.Substring(0, 101), Hours = o.OpeningHours.Substring(0, 201),
                Accessibility = o.Accessibility == null ? null : o.Accessibility.Substring(0, 201),
            })
            .ToListAsync(http.RequestAborted);
        var categories = new List<Dictionary<string, object?>>();
        foreach (var category in ProviderCategories.All)
        {
            var inCategory = new List<Dictionary<string, object?>>();
            foreach (var p in ids.Select(id => list.First(p => p.Id == id)).Where(p => p.Category == category.Code))
            {
                var summary = await ratings.SummaryAsync(p.Id, null, http.RequestAborted);
                var own = offerings.Where(o => o.ProviderId == p.Id).ToList();
                inCategory.Add(new()
                {
                    ["name"] = TextSummary.Clip(p.Name, 100), ["phone"] = TextSummary.Clip(p.Phone, 30),
                    ["address"] = TextSummary.Clip(p.Address, 150),
                    ["average"] = summary.Average?.ToString("0.0", CultureInfo.InvariantCulture), ["count"] = summary.Count,
                    ["offerings"] = own.Take(OfferingsPerProvider).Select(o => new Dictionary<string, object?>
                    {
                        ["id"] = o.Id, ["title"] = TextSummary.Clip(o.Title, 100), ["hours"] = TextSummary.Clip(o.Hours, 100),
                        ["accessibility"] = TextSummary.Clip(o.Accessibility, 120),
                    }).ToList(),
                    ["more_offerings"] = Math.Max(0, own.Count - OfferingsPerProvider),
                });
            }
            if (inCategory.Count > 0)
                categories.Add(new() { ["code"] = category.Code, ["name"] = category.NameZh, ["providers"] = inCategory });
        }
        string? Link(int n) => n < 1 || n > pages ? null : n == 1 ? $"/r/{region}/providers/" : $"/r/{region}/providers/?page={n}";
        return await theme.RenderPageAsync(http, "Providers/index", new Dictionary<string, object?>
        {
            ["region_name"] = here?.Name ?? region, ["categories"] = categories, ["apply_link"] = $"/r/{region}/providers/apply",
            ["page_number"] = number, ["pages"] = pages, ["previous_link"] = Link(number - 1), ["next_link"] = Link(number + 1),
        }, $"{here?.Name}合作服务商");
    }

    private static Task<IResult> ApplyForm(string region, HttpContext http, IRegionDirectory regions, IAntiforgery antiforgery, IThemeRenderer theme) =>
        RenderApplyAsync(region, http, regions, antiforgery, theme, null, new Dictionary<string, object?> { ["regions"] = region });

    private static async Task<IResult> Apply(string region, HttpContext http, ProviderService providers, IRegionDirectory regions, IAntiforgery antiforgery, IThemeRenderer theme)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.BadRequest("表单已过期，请刷新页面后重新填写提交。");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        string F(string name) => form[name].ToString();
        // The refused form is shown again as typed, but never more of a field than any field takes: a refused 5 MB value
        // must not take the page past the template's output limit.
        string E(string name) => F(name) is { Length: > 1000 } typed ? typed[..1000] : F(name);
        var echo = new Dictionary<string, object?>
        {
            ["legal_name"] = E("legalName"), ["credit_code"] = E("creditCode"), ["regions"] = E("regions"),
            ["contact_name"] = E("contactName"), ["contact_phone"] = E("contactPhone"), ["contact_email"] = E("contactEmail"),
            ["address"] = E("address"),
        };
        var uploads = new List<DocumentUpload>();
        try
        {
            foreach (var kind in DocumentKinds.All)
            {
                var file = form.Files[$"file-{kind}"];
                if (file is null || file.Length == 0) continue;
                if (!DateOnly.TryParse(F($"expires-{kind}"), CultureInfo.InvariantCulture, out var expires))
                    throw PlatformException.Invalid($"请填写《{DocumentKinds.NameZh(kind, F("category"))}》的有效期。", "Enter the document's expiry date.");
                uploads.Add(new DocumentUpload(kind, file.OpenReadStream(), file.FileName, expires));
            }
            var input = new ProviderInput(F("legalName"), F("creditCode"), F("category"),
                F("regions").Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries), F("contactName"), F("contactPhone"), F("contactEmail"), F("address"));
            var (_, key) = await providers.RegisterAsync(input, uploads, "applicant", selfRegistration: true, http.RequestAborted);
            return Results.Redirect($"/r/{region}/providers/application/{key}?new=1");
        }
        catch (PlatformException ex)
        {
            http.Response.StatusCode = ex.Status;
            return await RenderApplyAsync(region, http, regions, antiforgery, theme, ex.MessageZh, echo, ex.Status);
        }
        finally
        {
            foreach (var upload in uploads) await upload.Content.DisposeAsync();
        }
    }

    private static async Task<IResult> Application(string region, string key, HttpContext http, ProviderService providers, OnboardingService onboarding, IAntiforgery antiforgery, IThemeRenderer theme)
    {
        var provider = await providers.FindByApplicantKeyAsync(key, http.RequestAborted);
        if (provider is null) return Results.NotFound();
        var history = await onboarding.HistoryAsync(provider, http.RequestAborted);
        return await theme.RenderPageAsync(http, "Providers/application", new Dictionary<string, object?>
        {
            ["key"] = http.Request.Query.ContainsKey("new") ? key : null,
            ["link"] = $"{http.Request.Scheme}://{http.Request.Host}/r/{region}/providers/application/{key}",
            ["name"] = provider.LegalName, ["status"] = ProviderStatus.NameZh(provider.Status),
            ["reasons"] = history.Where(h => !string.IsNullOrEmpty(h.Comment)).Select(h => new Dictionary<string, object?>
            {
                ["at"] = h.At.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), ["step"] = StepName(h.Transition), ["comment"] = h.Comment,
            }).ToList(),
            ["can_resubmit"] = provider.Status == ProviderStatus.Returned,
            ["action"] = $"/r/{region}/providers/application/{key}", ["token"] = antiforgery.GetAndStoreTokens(http).RequestToken,
        }, "入驻申请进度");
    }

    private static async Task<IResult> Resubmit(string region, string key, HttpContext http, ProviderService providers, OnboardingService onboarding, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest("表单已过期，请刷新页面后重新提交。");
        var provider = await providers.FindByApplicantKeyAsync(key, http.RequestAborted);
        if (provider is null) return Results.NotFound();
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        try
        {
            await onboarding.ResubmitAsApplicantAsync(provider, form["comment"].ToString(), http.RequestAborted);
        }
        catch (PlatformException ex)
        {
            return Results.Text(ex.MessageZh, "text/plain; charset=utf-8", statusCode: ex.Status);
        }
        return Results.Redirect($"/r/{region}/providers/application/{key}");
    }

    private static async Task<IResult> RenderApplyAsync(string region, HttpContext http, IRegionDirectory regions, IAntiforgery antiforgery, IThemeRenderer theme,
        string? error, Dictionary<string, object?> form, int status = 200)
    {
        var here = await regions.FindAsync(region, http.RequestAborted);
        var page = await theme.RenderPageAsync(http, "Providers/apply", new Dictionary<string, object?>
        {
            ["region_name"] = here?.Name ?? region, ["error"] = error, ["form"] = form, ["action"] = $"/r/{region}/providers/apply",
            ["token"] = antiforgery.GetAndStoreTokens(http).RequestToken,
            ["categories"] = ProviderCategories.All.Select(c => new Dictionary<string, object?> { ["code"] = c.Code, ["name"] = c.NameZh }).ToList(),
            ["documents"] = DocumentKinds.All.Select(k => new Dictionary<string, object?> { ["kind"] = k, ["name"] = DocumentKinds.NameZh(k) }).ToList(),
        }, "服务机构入驻申请");
        return status == 200 ? page : new StatusResult(page, status);
    }

    private static string StepName(string transition) => transition switch
    {
        "approve" => "通过", "return" => "退回补正", "reject" => "不予通过", "resubmit" => "重新提交", "suspend" => "暂停合作", "reinstate" => "恢复合作", _ => transition,
    };

    /// <summary>A rendered page answered with a refusal status (the form shown again with its Chinese message).</summary>
    private sealed class StatusResult(IResult inner, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
