using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Identity;

/// <summary>Reset links mailed over SMTP (to a real little SMTP server in the test), and the self-service password change page.</summary>
public abstract partial class MailAndPasswordTests<THosts>(THosts hosts) : IClassFixture<THosts> where THosts : MailHosts
{
    private const string Liaison = "liaison-officer";
    private PlatformFactory Host => hosts.Host;

    private static Dictionary<string, string> Invite(string user, string email, string password) => new()
    {
        ["userName"] = user, ["displayName"] = user + "（测试）", ["email"] = email, ["password"] = password, ["role"] = Liaison,
        ["regionCode"] = "511024", ["organisationId"] = "",
    };

    private static string ResetLinkIn(string html) =>
        WebUtility.HtmlDecode(ResetLinkPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no reset link shown"));

    private static async Task<string?> IdOfAsync(PlatformFactory host, string userName)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityStoreContext>().Users
            .Where(u => u.UserName == userName).Select(u => u.Id).SingleOrDefaultAsync();
    }

    private async Task<List<string>> AuditAsync(string action)
    {
        using var scope = Host.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Audit.Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync();
        return rows.Select(a => a.Actor).ToList();
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Host.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = BrowserExtensions.AdminClientId, ["refresh_token"] = refreshToken,
        }));

    private async Task<HttpResponseMessage> LoginAsync(string user, string password, HttpClient? browser = null) =>
        await (browser ?? Host.CreateBrowser()).PostFormAsync("/account/login", new() { ["UserName"] = user, ["Password"] = password });

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient browser, string current, string next, string? confirm = null) =>
        browser.PostFormAsync("/account/password", new() { ["CurrentPassword"] = current, ["NewPassword"] = next, ["ConfirmPassword"] = confirm ?? next });

    private static string PathOf(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    /// <summary>No log line carries the one-time token, raw or escaped.</summary>
    private static void AssertTokenNotLogged(PlatformFactory host, string link)
    {
        var escaped = Regex.Match(link, "token=([^&]+)").Groups[1].Value;
        Assert.NotEmpty(escaped);
        var raw = Uri.UnescapeDataString(escaped);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(escaped, StringComparison.Ordinal) || e.Message.Contains(raw, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reset_link_made_by_the_platform_admin_is_mailed_to_the_person_and_works_once()
    {
        var admin = await Host.CreateAdminAsync();
        (await admin.PostFormAsync("/admin/people", Invite("mail-me", "mail-me@junxiu.example", "MailMe2026pw"), "Invite")).EnsureSuccessStatusCode();
        var page = $"/admin/people/{await IdOfAsync(Host, "mail-me")}";
        Assert.Contains("mail-me@junxiu.example", await admin.GetStringAsync(page), StringComparison.Ordinal);

        var made = await admin.PostFormAsync(page, new(), "Reset");
        var html = await made.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var shown = ResetLinkIn(html);
        Assert.StartsWith("http://localhost/account/reset?user=", shown, StringComparison.Ordinal);
        Assert.Contains("链接已同时发送到本人的电子邮箱 mail-me@junxiu.example", html, StringComparison.Ordinal);

        var mail = await hosts.Smtp.NextForAsync("mail-me@junxiu.example");
        Assert.Equal("军休服务平台：重设密码", mail.Subject);
        Assert.Contains("platform@junxiu.example", mail.From, StringComparison.Ordinal);
        Assert.Contains(shown, mail.Body, StringComparison.Ordinal);
        Assert.Contains("平台管理员（演示）（admin）", mail.Body, StringComparison.Ordinal);
        Assert.Contains("只能使用一次", mail.Body, StringComparison.Ordinal);
        Assert.Contains("mail-me（测试），您好", mail.Body, StringComparison.Ordinal);

        // The mailed link works once.
        var path = new Uri(MailLinkPattern().Match(mail.Body).Value).PathAndQuery;
        var reset = await Host.CreateBrowser().PostFormAsync(path, new() { ["Password"] = "Mailed2026pw" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("密码已重设", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = await Host.CreateBrowser().PostFormAsync(path, new() { ["Password"] = "Mailed2026xx" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync("mail-me", "Mailed2026pw")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync("mail-me", "MailMe2026pw")).StatusCode);
        AssertTokenNotLogged(Host, shown);
    }

    [Fact]
    public async Task An_invitation_without_a_password_is_mailed_and_a_person_without_an_email_is_not()
    {
        var admin = await Host.CreateAdminAsync();
        var invited = await admin.PostFormAsync("/admin/people", Invite("invite-mail", "invite-mail@junxiu.example", ""), "Invite");
        var html = await invited.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var shown = ResetLinkIn(html);
        Assert.Contains("链接已同时发送到本人的电子邮箱 invite-mail@junxiu.example", html, StringComparison.Ordinal);
        var mail = await hosts.Smtp.NextForAsync("invite-mail@junxiu.example");
        Assert.Equal("军休服务平台：设置登录密码", mail.Subject);
        Assert.Contains(shown, mail.Body, StringComparison.Ordinal);
        Assert.Contains("用户名：invite-mail", mail.Body, StringComparison.Ordinal);

        // No address on record: the link is shown and the admin is told nothing was mailed.
        var noEmail = await admin.PostFormAsync($"/admin/people/{await IdOfAsync(Host, "provider-a")}", new(), "Reset");
        var noEmailHtml = await noEmail.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, noEmail.StatusCode);
        ResetLinkIn(noEmailHtml);
        Assert.Contains("没有登记电子邮箱，未发送邮件", noEmailHtml, StringComparison.Ordinal);
        AssertTokenNotLogged(Host, shown);
    }

    [Fact]
    public async Task An_invalid_email_is_refused_in_Chinese_and_stores_nothing()
    {
        var admin = await Host.CreateAdminAsync();
        foreach (var bad in new[] { "not-an-email", "两个@地址@example.cn", "Someone <a@b.cn>", "a@localhost" })
        {
            var response = await admin.PostFormAsync("/admin/people", Invite("bad-email", bad, "BadEmail2026pw"), "Invite");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("格式不正确", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Null(await IdOfAsync(Host, "bad-email"));
    }

    [Fact]
    public async Task When_the_mail_server_cannot_be_reached_the_admin_still_gets_the_link_and_a_Chinese_warning()
    {
        var host = hosts.Unreachable;
        var admin = await host.CreateAdminAsync();
        (await admin.PostFormAsync("/admin/people", Invite("no-mail", "no-mail@junxiu.example", "NoMail2026pw"), "Invite")).EnsureSuccessStatusCode();
        var made = await admin.PostFormAsync($"/admin/people/{await IdOfAsync(host, "no-mail")}", new(), "Reset");
        var html = await made.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var shown = ResetLinkIn(html);
        Assert.Contains("邮件未能发送到 no-mail@junxiu.example", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);

        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(SmtpMailSender).FullName
                                                && e.Message.Contains("could not be sent", StringComparison.Ordinal));
        AssertTokenNotLogged(host, shown);
        var reset = await host.CreateBrowser().PostFormAsync(new Uri(shown).PathAndQuery, new() { ["Password"] = "Unmailed2026pw" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_other_sessions_and_refresh_tokens_and_keeps_this_browser_signed_in()
    {
        const string user = "neijiang-liaison";
        var tokens = await Host.CreateBrowser().GetUserTokenAsync(user, BrowserExtensions.DemoPassword, "openid offline_access regions.read");
        Assert.NotNull(tokens.RefreshToken);

        var browser = Host.CreateBrowser();
        var anonymous = await browser.GetAsync("/account/password");
        Assert.Equal(HttpStatusCode.Found, anonymous.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=/account/password", Uri.UnescapeDataString(PathOf(anonymous.Headers.Location!)));

        Assert.Equal(HttpStatusCode.Found, (await LoginAsync(user, BrowserExtensions.DemoPassword, browser)).StatusCode);
        var other = Host.CreateBrowser();
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync(user, BrowserExtensions.DemoPassword, other)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/account/password")).StatusCode);
        Assert.Contains("内江市联络员（演示）（neijiang-liaison）", await browser.GetStringAsync("/account/password"), StringComparison.Ordinal);

        var changed = await ChangeAsync(browser, BrowserExtensions.DemoPassword, "Neijiang2026new");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("密码已修改", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(user, await AuditAsync("person.password-change"));

        // This browser stays signed in (the host checks security stamps on every request); the other one is out.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/password")).StatusCode);
        var ended = await other.GetAsync("/account/password");
        Assert.Equal(HttpStatusCode.Found, ended.StatusCode);
        Assert.StartsWith("/account/login", PathOf(ended.Headers.Location!), StringComparison.Ordinal);

        var refused = await RefreshAsync(tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync(user, BrowserExtensions.DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync(user, "Neijiang2026new")).StatusCode);
        Assert.NotNull((await Host.CreateBrowser().GetUserTokenAsync(user, "Neijiang2026new", "openid regions.read")).AccessToken);
    }

    [Fact]
    public async Task A_wrong_current_password_or_a_weak_new_one_gets_a_Chinese_error_and_changes_nothing()
    {
        const string user = "provider-a";
        var tokens = await Host.CreateBrowser().GetUserTokenAsync(user, BrowserExtensions.DemoPassword, "openid offline_access");
        var browser = Host.CreateBrowser();
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync(user, BrowserExtensions.DemoPassword, browser)).StatusCode);

        async Task Refused(HttpResponseMessage response, string message)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await Refused(await ChangeAsync(browser, "Wrong#2026pw", "ProviderA2026new"), "原密码不正确");
        await Refused(await ChangeAsync(browser, BrowserExtensions.DemoPassword, "short1a"), "密码至少 10 位");
        await Refused(await ChangeAsync(browser, BrowserExtensions.DemoPassword, "ProviderA2026new", "ProviderA2026neW"), "两次输入的新密码不一致");
        await Refused(await ChangeAsync(browser, BrowserExtensions.DemoPassword, BrowserExtensions.DemoPassword), "新密码不能与原密码相同");

        // Nothing changed: the session, the refresh token and the old password all still work.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(tokens.RefreshToken!)).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await LoginAsync(user, BrowserExtensions.DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync(user, "ProviderA2026new")).StatusCode);
        Assert.DoesNotContain(user, await AuditAsync("person.password-change"));
    }

    [Fact]
    public async Task The_person_page_links_to_the_password_page_only_on_ones_own_record()
    {
        var admin = await Host.CreateAdminAsync();
        Assert.Contains("id=\"change-password\" href=\"/account/password\"",
            await admin.GetStringAsync($"/admin/people/{await IdOfAsync(Host, "admin")}"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"change-password\"",
            await admin.GetStringAsync($"/admin/people/{await IdOfAsync(Host, "sichuan")}"), StringComparison.Ordinal);
    }

    [GeneratedRegex("id=\"reset-link\" href=\"([^\"]+)\"")]
    private static partial Regex ResetLinkPattern();

    [GeneratedRegex(@"http://localhost/account/reset\?\S+")]
    private static partial Regex MailLinkPattern();
}

public sealed class MailAndPasswordTests_Sqlite(SqliteMailHosts hosts) : MailAndPasswordTests<SqliteMailHosts>(hosts);

public sealed class MailAndPasswordTests_Postgres(PostgresMailHosts hosts) : MailAndPasswordTests<PostgresMailHosts>(hosts);

/// <summary>
/// Two hosts on one kind of database: one mailing to a test SMTP server, one whose SMTP port is closed. Both check
/// security stamps on every request, so a password change shows at once.
/// </summary>
public abstract class MailHosts : IDisposable
{
    protected MailHosts(DatabaseKind kind)
    {
        Host = new StampCheckingHost(kind, Smtp.Port);
        Unreachable = new StampCheckingHost(kind, ClosedPort());
    }

    public SmtpCapture Smtp { get; } = new();
    public PlatformFactory Host { get; }
    public PlatformFactory Unreachable { get; }

    public void Dispose()
    {
        Host.Dispose();
        Unreachable.Dispose();
        Smtp.Dispose();
        GC.SuppressFinalize(this);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class StampCheckingHost(DatabaseKind kind, int smtpPort) : PlatformFactory(kind, settings: new Dictionary<string, string>
    {
        ["Platform:Smtp:Host"] = "127.0.0.1",
        ["Platform:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Platform:Smtp:From"] = "platform@junxiu.example",
    })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        }
    }
}

public sealed class SqliteMailHosts() : MailHosts(DatabaseKind.Sqlite);

public sealed class PostgresMailHosts() : MailHosts(DatabaseKind.Postgres);

/// <summary>One mail as the test SMTP server received it, headers and body decoded.</summary>
public sealed record CapturedMail(string From, IReadOnlyList<string> Recipients, string Subject, string Body, string Raw);

/// <summary>
/// A tiny SMTP server on 127.0.0.1 (any free port): greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT.
/// Enough for System.Net.Mail.SmtpClient without TLS or authentication. Keeps every mail it receives.
/// </summary>
public sealed partial class SmtpCapture : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<CapturedMail> _mails = Channel.CreateUnbounded<CapturedMail>();
    private readonly List<CapturedMail> _seen = [];

    /// <param name="port">The port to listen on (0: any free one).</param>
    public SmtpCapture(int port = 0)
    {
        _listener = new(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The next mail addressed to <paramref name="recipient"/> (others are kept for their own waiters).</summary>
    public async Task<CapturedMail> NextForAsync(string recipient, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            lock (_seen)
            {
                var found = _seen.FirstOrDefault(m => m.Recipients.Contains(recipient, StringComparer.OrdinalIgnoreCase));
                if (found is not null)
                {
                    _seen.Remove(found);
                    return found;
                }
            }
            var mail = await _mails.Reader.ReadAsync(cts.Token);
            lock (_seen) _seen.Add(mail);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost test SMTP ready");
            string? from = null;
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        from = Address(line);
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        recipients.Add(Address(line));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } l && l != ".")
                            data.Append(l.StartsWith("..", StringComparison.Ordinal) ? l[1..] : l).Append("\r\n");
                        _mails.Writer.TryWrite(Parse(from ?? "", [.. recipients], data.ToString()));
                        await writer.WriteLineAsync("250 OK: queued");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping.
        }
    }

    private static string Address(string line) => AddressPattern().Match(line) is { Success: true } m ? m.Groups[1].Value : "";

    /// <summary>Unfolds and decodes the headers (RFC 2047 words) and decodes a base64 or quoted-printable single-part body.</summary>
    private static CapturedMail Parse(string from, IReadOnlyList<string> recipients, string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerText = split < 0 ? raw : raw[..split];
        var bodyText = split < 0 ? "" : raw[(split + 4)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in Regex.Replace(headerText, "\r\n[ \t]+", " ").Split("\r\n"))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
        }
        var encoding = headers.GetValueOrDefault("Content-Transfer-Encoding", "7bit").ToLowerInvariant();
        var body = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(bodyText.Split("\r\n")))),
            "quoted-printable" => QuotedPrintable(bodyText.Replace("=\r\n", "", StringComparison.Ordinal)),
            _ => bodyText,
        };
        return new CapturedMail(from, recipients, DecodeWords(headers.GetValueOrDefault("Subject", "")), body, raw);
    }

    private static string DecodeWords(string value) =>
        EncodedWordPattern().Replace(Regex.Replace(value, @"\?=\s+=\?", "?==?"), m =>
        {
            var charset = Encoding.GetEncoding(m.Groups[1].Value);
            return m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? charset.GetString(Convert.FromBase64String(m.Groups[3].Value))
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '), charset);
        });

    private static string QuotedPrintable(string text, Encoding? charset = null)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }
        return (charset ?? Encoding.UTF8).GetString([.. bytes]);
    }

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordPattern();
}
