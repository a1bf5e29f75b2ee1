using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Testing;

namespace Platform.Cms.Tests.Identity;

/// <summary>The admin's people pages: invite, grant and revoke within scope, lock, unlock and one-time reset links.</summary>
public abstract partial class PeopleAdminTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string Liaison = "liaison-officer";

    /// <summary>Posts a form with an antiforgery token taken from <paramref name="tokenFrom"/> (the target itself may answer 403 or 404).</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string target, Dictionary<string, string> fields, string tokenFrom = "/admin") =>
        client.PostFormWithTokenFromAsync(target, fields, tokenFrom);

    private static Dictionary<string, string> Invite(string user, string password, string role, string region = "", string organisation = "") => new()
    {
        ["userName"] = user, ["displayName"] = user + "（测试）", ["password"] = password, ["role"] = role,
        ["regionCode"] = region, ["organisationId"] = organisation,
    };

    private static Dictionary<string, string> Grant(string role, string region) => new() { ["role"] = role, ["regionCode"] = region, ["organisationId"] = "" };

    private static string ResetLinkIn(string html) =>
        WebUtility.HtmlDecode(ResetLinkPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no reset link shown"));

    private async Task<T> WithDbAsync<T>(Func<IdentityStoreContext, Task<T>> query)
    {
        using var scope = host.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<IdentityStoreContext>());
    }

    private Task<string?> IdOfAsync(string userName) => WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleOrDefaultAsync());

    private async Task<List<string>> GrantsOfAsync(string userName)
    {
        var id = await IdOfAsync(userName);
        var rows = await WithDbAsync(db => db.Grants.Where(g => g.UserId == id).OrderBy(g => g.Id).ToListAsync());
        return rows.Select(g => $"{g.Role}|{g.RegionCode}|{g.OrganisationId}|{g.GrantedBy}").ToList();
    }

    private Task<(int Users, int Grants)> CountsAsync() => WithDbAsync(async db => (await db.Users.CountAsync(), await db.Grants.CountAsync()));

    private async Task<List<string>> AuditAsync(string action)
    {
        using var scope = host.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Audit.Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync();
        return rows.Select(a => $"{a.Actor}|{a.RegionCode}|{a.Before}|{a.After}").ToList();
    }

    private async Task<List<string>> AllAuditAsync()
    {
        using var scope = host.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Audit.ToListAsync();
        return rows.Select(a => $"{a.Action}|{a.Actor}|{a.RegionCode}|{a.ModuleId}|{a.Before}|{a.After}").ToList();
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        host.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = BrowserExtensions.AdminClientId, ["refresh_token"] = refreshToken,
        }));

    private async Task<HttpResponseMessage> LoginAsync(string user, string password) =>
        await host.CreateBrowser().PostFormAsync("/account/login", new() { ["UserName"] = user, ["Password"] = password });

    [Fact]
    public async Task A_platform_admin_invites_a_liaison_officer_without_a_password_and_the_reset_link_works_once()
    {
        var admin = await host.CreateAdminAsync();
        var invited = await PostAsync(admin, "/admin/people?handler=Invite", Invite("weiyuan-liaison", "", Liaison, "511024"), "/admin/people");
        var html = await invited.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        Assert.Contains("已添加 weiyuan-liaison", html, StringComparison.Ordinal);
        var link = ResetLinkIn(html);
        Assert.StartsWith("http://localhost/account/reset?user=", link, StringComparison.Ordinal);

        var list = await admin.GetStringAsync("/admin/people");
        Assert.Contains("id=\"person-weiyuan-liaison\"", list, StringComparison.Ordinal);
        Assert.Contains("联络员 · 威远县（511024）", list, StringComparison.Ordinal);
        Assert.Equal(["liaison-officer|511024||admin"], await GrantsOfAsync("weiyuan-liaison"));
        Assert.Contains(await AuditAsync("person.create"), a => a.StartsWith("admin|511024|", StringComparison.Ordinal) && a.Contains("weiyuan-liaison", StringComparison.Ordinal));
        Assert.Contains("admin|||weiyuan-liaison", await AuditAsync("person.reset-link"));

        var person = host.CreateBrowser();
        var path = new Uri(link).PathAndQuery;
        var reset = await person.PostFormAsync(path, new() { ["Password"] = "Weiyuan2026pw" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("密码已重设", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = await host.CreateBrowser().PostFormAsync(path, new() { ["Password"] = "Another2026pw" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("链接已失效或已被使用", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The first password holds; the second use changed nothing.
        Assert.NotNull((await host.CreateBrowser().GetUserTokenAsync("weiyuan-liaison", "Weiyuan2026pw")).AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync("weiyuan-liaison", "Another2026pw")).StatusCode);
    }

    [Fact]
    public async Task The_sichuan_bureau_admin_sees_only_its_subtree_and_cannot_grant_beyond_it()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var list = await sichuan.GetStringAsync("/admin/people");
        Assert.Contains("id=\"person-neijiang-liaison\"", list, StringComparison.Ordinal);
        Assert.Contains("id=\"person-sichuan\"", list, StringComparison.Ordinal);
        foreach (var hidden in new[] { "zhejiang", "provider-a", "admin" })
            Assert.DoesNotContain($"id=\"person-{hidden}\"", list, StringComparison.Ordinal);

        // Outside the subtree: 404, told apart from nothing that does not exist.
        var zhejiang = await sichuan.GetAsync($"/admin/people/{await IdOfAsync("zhejiang")}");
        var zhejiangHtml = await zhejiang.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, zhejiang.StatusCode);
        Assert.Contains("未找到该人员", zhejiangHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("浙江省退役军人事务厅管理员", zhejiangHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await sichuan.GetAsync($"/admin/people/{await IdOfAsync("provider-a")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sichuan.GetAsync("/admin/people/no-such-person")).StatusCode);

        var before = await CountsAsync();
        var liaisonGrants = await GrantsOfAsync("neijiang-liaison");
        var liaisonPage = $"/admin/people/{await IdOfAsync("neijiang-liaison")}";
        var outside = await PostAsync(sichuan, liaisonPage + "?handler=Grant", Grant(Liaison, "330100"));
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Contains("“330100”不在您的管辖范围内", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var platformRole = await PostAsync(sichuan, liaisonPage + "?handler=Grant", Grant("platform-admin", ""));
        Assert.Equal(HttpStatusCode.Forbidden, platformRole.StatusCode);
        Assert.Contains("只有平台管理员可以授予", await platformRole.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var hiddenTarget = await PostAsync(sichuan, $"/admin/people/{await IdOfAsync("zhejiang")}?handler=Grant", Grant(Liaison, "511002"));
        Assert.Equal(HttpStatusCode.NotFound, hiddenTarget.StatusCode);
        var invite = await PostAsync(sichuan, "/admin/people?handler=Invite", Invite("hangzhou-x", "Hangzhou2026pw", Liaison, "330100"));
        Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
        Assert.Contains("不在您的管辖范围内", await invite.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(before, await CountsAsync());
        Assert.Equal(liaisonGrants, await GrantsOfAsync("neijiang-liaison"));
        Assert.Null(await IdOfAsync("hangzhou-x"));
    }

    [Fact]
    public async Task The_sichuan_bureau_admin_grants_and_revokes_a_liaison_role_inside_its_subtree_with_audit_entries()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var page = $"/admin/people/{await IdOfAsync("neijiang-liaison")}";
        var granted = await PostAsync(sichuan, page + "?handler=Grant", Grant(Liaison, "511002"), page);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Contains("联络员 · 市中区（511002）", await granted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("liaison-officer|511002||sichuan", await GrantsOfAsync("neijiang-liaison"));
        Assert.Contains("sichuan|511002||neijiang-liaison：liaison-officer 511002", await AuditAsync("person.grant-add"));

        var grantId = await WithDbAsync(db => db.Grants.Where(g => g.RegionCode == "511002" && g.GrantedBy == "sichuan").Select(g => g.Id).SingleAsync());
        var revoked = await PostAsync(sichuan, page + "?handler=Revoke", new() { ["grantId"] = grantId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, page);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Contains("已撤销权限", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("liaison-officer|511002||sichuan", await GrantsOfAsync("neijiang-liaison"));
        Assert.Contains("sichuan|511002|neijiang-liaison：liaison-officer 511002|", await AuditAsync("person.grant-remove"));
    }

    [Fact]
    public async Task A_bureau_admin_cannot_lock_or_strip_someone_who_also_holds_grants_elsewhere()
    {
        var admin = await host.CreateAdminAsync();
        (await PostAsync(admin, "/admin/people?handler=Invite", Invite("two-provinces", "TwoProv2026pw", Liaison, "511002"))).EnsureSuccessStatusCode();
        var page = $"/admin/people/{await IdOfAsync("two-provinces")}";
        (await PostAsync(admin, page + "?handler=Grant", Grant(Liaison, "330102"))).EnsureSuccessStatusCode();

        var sichuan = await host.CreateAdminAsync("sichuan");
        Assert.Equal(HttpStatusCode.OK, (await sichuan.GetAsync(page)).StatusCode);
        var locked = await PostAsync(sichuan, page + "?handler=Lock", new());
        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
        Assert.Contains("只有平台管理员可以锁定", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var zhejiangGrant = await WithDbAsync(db => db.Grants.Where(g => g.RegionCode == "330102").Select(g => g.Id).SingleAsync());
        var strip = await PostAsync(sichuan, page + "?handler=Revoke", new() { ["grantId"] = zhejiangGrant.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Forbidden, strip.StatusCode);

        Assert.Equal(["liaison-officer|511002||admin", "liaison-officer|330102||admin"], await GrantsOfAsync("two-provinces"));
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync("two-provinces", "TwoProv2026pw")).StatusCode);
    }

    [Fact]
    public async Task Lock_ends_refresh_tokens_and_sign_in_and_unlock_lets_the_person_sign_in_again()
    {
        var admin = await host.CreateAdminAsync();
        (await PostAsync(admin, "/admin/people?handler=Invite", Invite("lock-me", "LockMe2026pw", Liaison, "511011"))).EnsureSuccessStatusCode();
        var tokens = await host.CreateBrowser().GetUserTokenAsync("lock-me", "LockMe2026pw");
        var refreshed = await RefreshAsync(tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var refreshToken = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;

        var page = $"/admin/people/{await IdOfAsync("lock-me")}";
        var locked = await PostAsync(admin, page + "?handler=Lock", new());
        var lockedHtml = await locked.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("所有登录会话和刷新令牌已失效", lockedHtml, StringComparison.Ordinal);
        Assert.Contains("已锁定：无法登录", lockedHtml, StringComparison.Ordinal);

        var refused = await RefreshAsync(refreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var login = await LoginAsync("lock-me", "LockMe2026pw");
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Contains("账号已锁定", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("admin||正常|lock-me 已锁定", await AuditAsync("person.lock"));

        var unlocked = await PostAsync(admin, page + "?handler=Unlock", new());
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync("lock-me", "LockMe2026pw")).StatusCode);
        // The refresh token was revoked, not merely blocked while locked.
        Assert.Equal(HttpStatusCode.BadRequest, (await RefreshAsync(refreshToken)).StatusCode);
    }

    [Fact]
    public async Task A_reset_link_made_on_the_person_page_is_shown_in_full_and_works_once()
    {
        var admin = await host.CreateAdminAsync();
        (await PostAsync(admin, "/admin/people?handler=Invite", Invite("forgetful", "Forget2026pw", Liaison, "511025"))).EnsureSuccessStatusCode();
        var made = await PostAsync(admin, $"/admin/people/{await IdOfAsync("forgetful")}?handler=Reset", new());
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var path = new Uri(ResetLinkIn(await made.Content.ReadAsStringAsync())).PathAndQuery;

        Assert.Equal(HttpStatusCode.OK, (await host.CreateBrowser().PostFormAsync(path, new() { ["Password"] = "Remember2026pw" })).StatusCode);
        var again = await host.CreateBrowser().PostFormAsync(path, new() { ["Password"] = "Remember2026xx" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("链接已失效或已被使用，请联系管理员重新生成", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync("forgetful", "Remember2026pw")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync("forgetful", "Forget2026pw")).StatusCode);
    }

    [Theory]
    [InlineData("neijiang-liaison")]
    [InlineData("provider-a")]
    public async Task Other_staff_get_403_with_a_Chinese_message_and_change_nothing(string user)
    {
        var staff = await host.CreateAdminAsync(user);
        var list = await staff.GetAsync("/admin/people");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        var html = await list.Content.ReadAsStringAsync();
        Assert.Contains("无权使用此功能", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"person-", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/admin/people/{await IdOfAsync("sichuan")}")).StatusCode);

        var before = await CountsAsync();
        var invite = await PostAsync(staff, "/admin/people?handler=Invite", Invite("sneaky-" + user, "Sneaky2026pw", Liaison, "511000"));
        Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
        var sichuanId = await IdOfAsync("sichuan");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(staff, $"/admin/people/{sichuanId}?handler=Lock", new())).StatusCode);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync("sichuan", BrowserExtensions.DemoPassword)).StatusCode);
    }

    [Fact]
    public async Task Invite_errors_are_in_Chinese_and_store_nothing()
    {
        var admin = await host.CreateAdminAsync();
        var before = await CountsAsync();
        async Task Refused(Dictionary<string, string> form, HttpStatusCode status, string message)
        {
            var response = await PostAsync(admin, "/admin/people?handler=Invite", form);
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Refused(Invite("short-pw", "abc123", Liaison, "511002"), HttpStatusCode.BadRequest, "密码至少 10 位");
        await Refused(Invite("sichuan", "Sichuan2026pw", Liaison, "511002"), HttpStatusCode.BadRequest, "用户名“sichuan”已被使用");
        await Refused(Invite("no-region", "NoRegion2026pw", "bureau-admin"), HttpStatusCode.BadRequest, "须指定所管辖的行政区划");
        await Refused(Invite("bad-region", "BadRegion2026pw", Liaison, "519999"), HttpStatusCode.NotFound, "未找到行政区划“519999”");
        await Refused(Invite("no-org", "NoOrg2026pw", "provider-admin"), HttpStatusCode.BadRequest, "须指定所属服务机构");
        await Refused(Invite(" ", "Blank2026pw", Liaison, "511002"), HttpStatusCode.BadRequest, "请填写用户名");

        Assert.Equal(before, await CountsAsync());
        Assert.Null(await IdOfAsync("short-pw"));
    }

    private static Dictionary<string, string> Details(string displayName, string email) => new() { ["displayName"] = displayName, ["email"] = email };

    private Task<(string? DisplayName, string? Email, string? NormalizedEmail, string? Stamp)> DetailsOfAsync(string userName) =>
        WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.UserName == userName)
            .Select(u => new ValueTuple<string?, string?, string?, string?>(u.DisplayName, u.Email, u.NormalizedEmail, u.SecurityStamp)).SingleAsync());

    private async Task<string> InviteWithEmailAsync(HttpClient admin, string user, string region, string email)
    {
        var form = Invite(user, "EditMe2026pw", Liaison, region);
        form["email"] = email;
        (await PostAsync(admin, "/admin/people?handler=Invite", form, "/admin/people")).EnsureSuccessStatusCode();
        return $"/admin/people/{await IdOfAsync(user)}";
    }

    [Fact]
    public async Task A_platform_admin_edits_a_liaisons_name_and_email_and_the_audit_names_no_address()
    {
        var admin = await host.CreateAdminAsync();
        var page = await InviteWithEmailAsync(admin, "edit-me", "511011", "old.address@example.cn");
        var form = await admin.GetStringAsync(page);
        Assert.Contains("id=\"details\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"old.address@example.cn\"", form, StringComparison.Ordinal);
        var earlier = await PostAsync(admin, page + "?handler=Reset", new(), page);
        var earlierLink = new Uri(ResetLinkIn(await earlier.Content.ReadAsStringAsync())).PathAndQuery;

        var saved = await PostAsync(admin, page + "?handler=Details", Details("  李明  ", " Li.Ming@Example.cn "), page);
        var html = await saved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("已保存姓名和电子邮箱", html, StringComparison.Ordinal);
        Assert.Contains("<h1>李明 <span class=\"muted\">edit-me</span></h1>", html, StringComparison.Ordinal);
        Assert.Contains("<td id=\"email\">Li.Ming@Example.cn</td>", html, StringComparison.Ordinal);
        var stored = await DetailsOfAsync("edit-me");
        Assert.Equal(("李明", "Li.Ming@Example.cn", "LI.MING@EXAMPLE.CN"), (stored.DisplayName, stored.Email, stored.NormalizedEmail));

        // Audited with the names, never the addresses.
        var entries = (await AuditAsync("person.update")).Where(a => a.Contains("edit-me：", StringComparison.Ordinal)).ToList();
        Assert.Equal(["admin||edit-me：edit-me（测试）|edit-me：李明；邮箱已更改"], entries);
        Assert.DoesNotContain(await AllAuditAsync(), a => a.Contains("old.address@", StringComparison.OrdinalIgnoreCase) || a.Contains("li.ming@", StringComparison.OrdinalIgnoreCase));

        // A reset link made for the old address no longer works; the password does.
        var stale = await host.CreateBrowser().PostFormAsync(earlierLink, new() { ["Password"] = "Stale2026pwxx" });
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync("edit-me", "EditMe2026pw")).StatusCode);

        // A name-only change keeps the address (and the security stamp); saving nothing new writes no entry.
        var stamp = (await DetailsOfAsync("edit-me")).Stamp;
        (await PostAsync(admin, page + "?handler=Details", Details("李明华", "Li.Ming@Example.cn"), page)).EnsureSuccessStatusCode();
        (await PostAsync(admin, page + "?handler=Details", Details("李明华", "Li.Ming@Example.cn"), page)).EnsureSuccessStatusCode();
        var renamed = await DetailsOfAsync("edit-me");
        Assert.Equal(("李明华", "Li.Ming@Example.cn", stamp), (renamed.DisplayName, renamed.Email, renamed.Stamp));
        entries = (await AuditAsync("person.update")).Where(a => a.Contains("edit-me：", StringComparison.Ordinal)).ToList();
        Assert.Equal(["admin||edit-me：edit-me（测试）|edit-me：李明；邮箱已更改", "admin||edit-me：李明|edit-me：李明华"], entries);

        // Blank removes the address.
        (await PostAsync(admin, page + "?handler=Details", Details("李明华", ""), page)).EnsureSuccessStatusCode();
        var removed = await DetailsOfAsync("edit-me");
        Assert.Equal((null, null), (removed.Email, removed.NormalizedEmail));
        Assert.Contains("admin||edit-me：李明华|edit-me：李明华；邮箱已更改", await AuditAsync("person.update"));
    }

    [Fact]
    public async Task Invalid_names_and_emails_are_refused_with_400_in_Chinese_and_change_nothing()
    {
        var admin = await host.CreateAdminAsync();
        var page = await InviteWithEmailAsync(admin, "edit-bad", "511011", "keep@example.cn");
        var before = await DetailsOfAsync("edit-bad");
        async Task<string> Refused(Dictionary<string, string> form, string message)
        {
            var response = await PostAsync(admin, page + "?handler=Details", form, page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.Contains("<td id=\"email\">keep@example.cn</td>", html, StringComparison.Ordinal);
            return html;
        }

        var html = await Refused(Details("新名字", "not-an-email"), "电子邮箱“not-an-email”格式不正确");
        Assert.Contains("value=\"not-an-email\"", html, StringComparison.Ordinal); // kept for correcting
        Assert.Contains("value=\"新名字\"", html, StringComparison.Ordinal);
        await Refused(Details("新名字", "a@b@example.cn"), "格式不正确");
        await Refused(Details("新名字", "王五 <wang@example.cn>"), "格式不正确");
        await Refused(Details("   ", "new@example.cn"), "请填写姓名");
        await Refused(Details(new string('名', 101), "new@example.cn"), "姓名不能超过 100 个字符");
        await Refused(Details("新\n名字", "new@example.cn"), "控制字符");

        Assert.Equal(before, await DetailsOfAsync("edit-bad"));
        Assert.DoesNotContain(await AuditAsync("person.update"), a => a.Contains("edit-bad", StringComparison.Ordinal));

        // 100 characters is allowed, counted as characters (a rare character outside the BMP counts once).
        var hundred = "𠀀" + new string('名', 99);
        (await PostAsync(admin, page + "?handler=Details", Details(hundred, "keep@example.cn"), page)).EnsureSuccessStatusCode();
        Assert.Equal(hundred, (await DetailsOfAsync("edit-bad")).DisplayName);
    }

    [Fact]
    public async Task The_sichuan_bureau_admin_edits_only_people_wholly_inside_its_subtree()
    {
        var admin = await host.CreateAdminAsync();
        var inside = await InviteWithEmailAsync(admin, "edit-neijiang", "511002", "nj@example.cn");
        var both = await InviteWithEmailAsync(admin, "edit-two-provinces", "511002", "two@example.cn");
        (await PostAsync(admin, both + "?handler=Grant", Grant(Liaison, "330102"), both)).EnsureSuccessStatusCode();
        var zhejiang = $"/admin/people/{await IdOfAsync("zhejiang")}";
        var zhejiangBefore = await DetailsOfAsync("zhejiang");
        var bothBefore = await DetailsOfAsync("edit-two-provinces");

        var sichuan = await host.CreateAdminAsync("sichuan");
        // Outside the subtree altogether: not even found.
        var hidden = await PostAsync(sichuan, zhejiang + "?handler=Details", Details("改名", "x@example.cn"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Contains("未找到该人员", await hidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Visible, but also holding a Zhejiang grant: refused, and the form is not offered.
        Assert.DoesNotContain("id=\"details\"", await sichuan.GetStringAsync(both), StringComparison.Ordinal);
        var refused = await PostAsync(sichuan, both + "?handler=Details", Details("改名", "x@example.cn"), both);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("只有平台管理员可以锁定、解锁、为其重设密码或修改其姓名和邮箱", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Scope is checked first: bad input for someone out of reach is still 403, not 400.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(sichuan, both + "?handler=Details", Details("", "bad"), both)).StatusCode);

        Assert.Equal(zhejiangBefore, await DetailsOfAsync("zhejiang"));
        Assert.Equal(bothBefore, await DetailsOfAsync("edit-two-provinces"));
        Assert.DoesNotContain(await AuditAsync("person.update"), a => a.Contains("zhejiang：", StringComparison.Ordinal) || a.Contains("edit-two-provinces", StringComparison.Ordinal));

        // Wholly inside: allowed.
        var saved = await PostAsync(sichuan, inside + "?handler=Details", Details("内江联络员", "nj2@example.cn"), inside);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("内江联络员", (await DetailsOfAsync("edit-neijiang")).DisplayName);
        Assert.Contains("sichuan||edit-neijiang：edit-neijiang（测试）|edit-neijiang：内江联络员；邮箱已更改", await AuditAsync("person.update"));
    }

    [GeneratedRegex("id=\"reset-link\" href=\"([^\"]+)\"")]
    private static partial Regex ResetLinkPattern();
}

public sealed class PeopleAdminTests_Sqlite(SqliteHost host) : PeopleAdminTests<SqliteHost>(host);

public sealed class PeopleAdminTests_Postgres(PostgresHost host) : PeopleAdminTests<PostgresHost>(host);
