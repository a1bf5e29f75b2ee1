using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

public sealed class PeopleModel(PlatformState state, IAccessScope access, PeopleService people) : AdminPageModel(state, access)
{
    public IReadOnlyList<PersonView> People { get; private set; } = [];
    public string? Search { get; private set; }
    public string? InvitedId { get; private set; }
    public string? ResetLink { get; private set; }
    public bool Allowed => PeopleService.MayAdminister(User);

    /// <summary>The roles the caller may hand out: bureau administrators only regional ones.</summary>
    public IReadOnlyList<string> Roles => IsPlatformAdmin
        ? [PlatformRoles.LiaisonOfficer, PlatformRoles.BureauAdmin, PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff, PlatformRoles.PlatformAdmin]
        : [PlatformRoles.LiaisonOfficer, PlatformRoles.BureauAdmin];

    public async Task OnGetAsync(string? q)
    {
        Search = q;
        await LoadAsync();
    }

    public async Task OnPostInviteAsync(
        string? userName, string? displayName, string? password, string? role, string? regionCode, string? organisationId)
    {
        await TryAsync(async () =>
        {
            var (user, link) = await people.InviteAsync(User, userName ?? "", displayName ?? "", password,
                new GrantInput(role ?? "", regionCode, organisationId), HttpContext.RequestAborted);
            InvitedId = user.Id;
            ResetLink = link is null ? null : PeoplePages.Absolute(HttpContext, link);
        }, Bilingual.T($"已添加 {userName}。", $"Added {userName}."));
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await LoadRegionAsync();
        try
        {
            People = await people.ListAsync(User, Search, HttpContext.RequestAborted);
        }
        catch (PlatformException ex)
        {
            if (Error is not null) return;
            Error = ex.Localized;
            Response.StatusCode = ex.Status;
        }
    }
}

/// <summary>What the people pages share: how a grant reads, and reset links made absolute.</summary>
public static class PeoplePages
{
    /// <summary>The link with the public address (when configured) or this request's, so the administrator can pass it on whole.</summary>
    public static string Absolute(HttpContext http, string link)
    {
        var configured = http.RequestServices.GetRequiredService<IConfiguration>()["Platform:PublicUrl"];
        var origin = configured is { Length: > 0 } ? configured.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return origin + link;
    }

    /// <summary>E.g. "联络员 · 威远县（511024）".</summary>
    public static string Describe(AccessGrant g, StateSnapshot snapshot)
    {
        var region = g.RegionCode is null ? null
            : snapshot.ByCode.TryGetValue(g.RegionCode, out var r) ? $"{r.Name}（{r.Code}）" : g.RegionCode;
        var scope = new[] { region, g.OrganisationId, g.InstitutionId, g.VeteranId }.Where(p => p is not null);
        return string.Join(" · ", scope.Prepend(PeopleService.RoleName(g.Role)));
    }
}
