using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Text;

namespace Platform.Cms.Identity;

/// <summary>Sends a plain-text mail. Delivery is never guaranteed: a false result means the mail did not leave.</summary>
public interface IMailSender
{
    /// <summary>Whether an outgoing mail server is configured at all.</summary>
    bool Configured { get; }

    /// <summary>Hands the mail to the server; false (and a logged warning) when that failed. Never throws for delivery problems.</summary>
    async Task<bool> SendAsync(string recipient, string subject, string body, CancellationToken ct = default) =>
        await DeliverAsync(recipient, subject, body, ct) is null;

    /// <summary>Hands the mail to the server: null when it took it, otherwise why not (for the admin's list of failures).</summary>
    Task<string?> DeliverAsync(string recipient, string subject, string body, CancellationToken ct = default);
}

/// <summary>
/// SMTP from <c>Platform:Smtp</c>: <c>Host</c> (unset: no mail), <c>Port</c> (25), <c>From</c>, optional
/// <c>UserName</c>/<c>Password</c>, <c>EnableSsl</c> (false), <c>TimeoutSeconds</c> (15). Read on each send.
/// The body is UTF-8 in base64; the body itself is never logged (it may carry a one-time link).
/// </summary>
public sealed class SmtpMailSender(IConfiguration config, ILogger<SmtpMailSender> logger) : IMailSender
{
    private IConfigurationSection Settings => config.GetSection("Platform:Smtp");

    public bool Configured => !string.IsNullOrWhiteSpace(Settings["Host"]);

    public async Task<string?> DeliverAsync(string recipient, string subject, string body, CancellationToken ct = default)
    {
        var settings = Settings;
        var host = settings["Host"];
        if (string.IsNullOrWhiteSpace(host)) return "未配置邮件服务器 / no SMTP server configured";
        var port = settings.GetValue("Port", 25);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.GetValue("TimeoutSeconds", 15)));
        try
        {
            using var message = new MailMessage
            {
                From = new MailAddress(settings["From"] is { Length: > 0 } from ? from : "noreply@localhost", "军休服务平台", Encoding.UTF8),
                Subject = subject,
                SubjectEncoding = Encoding.UTF8,
                HeadersEncoding = Encoding.UTF8,
                Body = body,
                BodyEncoding = Encoding.UTF8,
                BodyTransferEncoding = TransferEncoding.Base64,
                IsBodyHtml = false,
            };
            message.To.Add(new MailAddress(recipient));
            using var client = new SmtpClient(host, port)
            {
                EnableSsl = settings.GetValue("EnableSsl", false),
                DeliveryMethod = SmtpDeliveryMethod.Network,
                Timeout = (int)TimeSpan.FromSeconds(settings.GetValue("TimeoutSeconds", 15)).TotalMilliseconds,
            };
            if (settings["UserName"] is { Length: > 0 } user)
                client.Credentials = new NetworkCredential(user, settings["Password"]);
            await client.SendMailAsync(message, timeout.Token);
            logger.LogInformation("Mail \"{Subject}\" handed to {Host}:{Port} for {Recipient}", subject, host, port, recipient);
            return null;
        }
        catch (Exception ex) when (ex is SmtpException or IOException or SocketException or FormatException or InvalidOperationException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning(ex, "Mail \"{Subject}\" for {Recipient} could not be sent via {Host}:{Port}", subject, recipient, host, port);
            return $"{host}:{port}：{ex.GetBaseException().Message}";
        }
    }
}
