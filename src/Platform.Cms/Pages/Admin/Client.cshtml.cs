using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

/// <summary>One provider system: its details, a new secret, disable and enable. Outside the caller's scope it answers 404.</summary>
public sealed class ClientModel(PlatformState state, IAccessScope access, ClientRegistry clients) : AdminPageModel(state, access)
{
    public ClientView? Client { get; private set; }

    /// <summary>Set only in the answer to a rotation: the new secret is shown this once.</summary>
    public string? NewSecret { get; private set; }

    public async Task OnGetAsync(string clientId)
    {
        await LoadRegionAsync();
        await LoadAsync(clientId);
    }

    public async Task OnPostRotateAsync(string clientId, bool confirm)
    {
        await LoadRegionAsync();
        await TryAsync(async () =>
        {
            await clients.FindAsync(User, clientId, HttpContext.RequestAborted);
            if (!confirm) throw Unconfirmed();
            NewSecret = await clients.RotateSecretAsync(User, clientId, HttpContext.RequestAborted);
        }, Bilingual.T("已生成新密钥，旧密钥和用它取得的令牌已作废。", "A new secret is in place; the old one and the tokens obtained with it no longer work."));
        await LoadAsync(clientId);
    }

    public async Task OnPostDisableAsync(string clientId, bool confirm)
    {
        await LoadRegionAsync();
        long revoked = 0;
        var done = await TryAsync(async () =>
        {
            await clients.FindAsync(User, clientId, HttpContext.RequestAborted);
            if (!confirm) throw Unconfirmed();
            revoked = await clients.DisableAsync(User, clientId, HttpContext.RequestAborted);
        }, "");
        if (done) Notice = Bilingual.T($"已停用，已作废令牌 {revoked} 个。", $"Disabled; {revoked} tokens revoked.");
        await LoadAsync(clientId);
    }

    public async Task OnPostEnableAsync(string clientId)
    {
        await LoadRegionAsync();
        await TryAsync(() => clients.EnableAsync(User, clientId, HttpContext.RequestAborted),
            Bilingual.T("已重新启用；服务商须重新申请令牌。", "Enabled again; the provider must request new tokens."));
        await LoadAsync(clientId);
    }

    private async Task LoadAsync(string clientId)
    {
        try
        {
            Client = await clients.FindAsync(User, clientId, HttpContext.RequestAborted);
        }
        catch (PlatformException ex)
        {
            Client = null;
            Error = ex.Localized;
            Notice = null;
            Response.StatusCode = ex.Status;
        }
    }

    private static PlatformException Unconfirmed() =>
        PlatformException.Invalid("请先勾选确认框，再执行此操作。", "Tick the confirmation box first.");
}
