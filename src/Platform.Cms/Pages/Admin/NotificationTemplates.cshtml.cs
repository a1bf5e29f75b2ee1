using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Notifications;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

/// <summary>Notification wording per region: the module's default, an ancestor's or the region's own; edit with a preview.</summary>
public sealed class NotificationTemplatesModel(PlatformState state, IAccessScope access, NotificationTemplates templates) : AdminPageModel(state, access)
{
    public IReadOnlyList<NotificationTemplate> Defaults { get; private set; } = [];
    public NotificationTemplate? Effective { get; private set; }
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";
    public RenderedNotification? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? module, string? name)
    {
        await LoadRegionAsync();
        Defaults = templates.Defaults();
        if (module is null || name is null) return Page();
        if (templates.Default(module, name) is null) return NotFound();
        if (Region is not null)
        {
            Effective = await templates.EffectiveAsync(module, name, Region.Code, HttpContext.RequestAborted);
            Subject = Effective!.Subject;
            Body = Effective.Body;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(
        string module, string name, [SingleLine(500, Label = "标题")] string subject, [MultiLine(20_000, Label = "正文")] string body)
    {
        var result = await OnGetAsync(module, name);
        if (result is not PageResult || Region is null) return result;
        (Subject, Body) = (subject ?? "", body ?? "");
        try
        {
            Preview = NotificationTemplates.Render(new NotificationTemplate(module, name, Subject, Body, Region.Code),
                await templates.SampleModelAsync(Region.Code, User.Identity?.Name ?? "", HttpContext.RequestAborted));
        }
        catch (PlatformException ex)
        {
            Error = ex.Localized;
            Response.StatusCode = ex.Status;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(
        string module, string name, [SingleLine(500, Label = "标题")] string subject, [MultiLine(20_000, Label = "正文")] string body)
    {
        var result = await OnGetAsync(module, name);
        if (result is not PageResult || Region is null) return result;
        var region = Region.Code;
        if (!await TryAsync(() => templates.SaveAsync(User, module, name, region, subject ?? "", body ?? "", HttpContext.RequestAborted),
                Bilingual.T("已保存，本地区及下级地区今后的通知将使用此措辞。", "Saved; new notifications in this region and below use it.")))
        {
            (Subject, Body) = (subject ?? "", body ?? ""); // nothing typed is lost
            return Page();
        }
        return await ReloadAsync(module, name);
    }

    public async Task<IActionResult> OnPostResetAsync(string module, string name)
    {
        var result = await OnGetAsync(module, name);
        if (result is not PageResult || Region is null) return result;
        var region = Region.Code;
        if (!await TryAsync(() => templates.ResetAsync(User, module, name, region, HttpContext.RequestAborted),
                Bilingual.T("已恢复为上级或模块的默认措辞。", "Back to the inherited wording.")))
            return Page();
        return await ReloadAsync(module, name);
    }

    private async Task<IActionResult> ReloadAsync(string module, string name)
    {
        var (notice, status) = (Notice, Response.StatusCode);
        var result = await OnGetAsync(module, name);
        (Notice, Response.StatusCode) = (notice, status);
        return result;
    }
}
