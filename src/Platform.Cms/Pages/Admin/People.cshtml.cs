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

    /// <summary>Whether the link was mailed too, and a Chinese line saying so (or why not).</summary>
    public ResetLinkMail ResetMail { get; private set; }
    public string? MailNote { get; private set; }
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
        [SingleLine(256, Label = "账号")] string? userName, string? displayName,
        [SingleLine(256, Label = "电子邮箱")] string? email, string? password, string? role, string? regionCode, string? organisationId)
    {
        await TryAsync(async () =>
        {
            var (user, reset) = await people.InviteAsync(User, userName ?? "", displayName ?? "", email, password,
                new GrantInput(role ?? "", regionCode, organisationId), link => PeoplePages.Absolute(HttpContext, link), HttpContext.RequestAborted);
            InvitedId = user.Id;
            ResetLink = reset?.Link;
            if (reset is not null)
            {
                ResetMail = reset.Mail;
                MailNote = PeoplePages.MailNote(reset);
            }
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

    /// <summary>What the administrator is told about mailing a reset link; null when no mail server is configured.</summary>
    public static string? MailNote(IssuedResetLink reset) => reset.Mail switch
    {
        ResetLinkMail.Sent => Bilingual.T(
            $"链接已同时发送到本人的电子邮箱 {reset.Email}。邮件不一定能送达：如本人未收到，请把下面的链接直接交给本人。",
            $"The link was also mailed to {reset.Email}. Mail may not arrive: if it does not, give the person the link below."),
        ResetLinkMail.Failed => Bilingual.T(
            $"邮件未能发送到 {reset.Email}（邮件服务器无法连接或拒收），链接仍然有效，请把下面的链接直接交给本人。",
            $"The mail to {reset.Email} could not be sent (the mail server was unreachable or refused it); the link still works, give it to the person."),
        ResetLinkMail.NoEmail => Bilingual.T(
            "该人员没有登记电子邮箱，未发送邮件，请把下面的链接直接交给本人。",
            "The person has no email address, so nothing was mailed; give them the link below."),
        _ => null,
    };

    /// <summary>E.g. "联络员 · 威远县（511024）".</summary>
    public static string Describe(AccessGrant g, StateSnapshot snapshot)
    {
        var region = g.RegionCode is null ? null
            : snapshot.ByCode.TryGetValue(g.RegionCode, out var r) ? $"{r.Name}（{r.Code}）" : g.RegionCode;
        var scope = new[] { region, g.OrganisationId, g.InstitutionId, g.VeteranId }.Where(p => p is not null);
        return string.Join(" · ", scope.Prepend(PeopleService.RoleName(g.Role)));
    }
}
