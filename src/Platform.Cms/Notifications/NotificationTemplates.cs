using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Cms.Theming;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Core.Workflows;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Platform.Cms.Notifications;

/// <summary>A notification's wording: the subject and body templates, and where they come from.</summary>
/// <param name="RegionCode">The region whose own wording this is (null: the module's default).</param>
public sealed record NotificationTemplate(string ModuleId, string Name, string Subject, string Body, string? RegionCode);

/// <summary>A rendered notification (plain text).</summary>
public sealed record RenderedNotification(string Subject, string Body);

/// <summary>
/// Notification templates: each module ships defaults (<c>notifications/{name}.sbn</c>: the first line is the subject,
/// the rest the body); a bureau may word them its own way for its subtree (the nearest region's wording wins), with a
/// preview before saving. Rendered as plain text in the same sandbox as the themes.
/// </summary>
public sealed class NotificationTemplates(CoreDbContext db, ModuleCatalog modules, WorkflowCatalog workflows, PlatformState state, IAccessScope access, TimeProvider clock)
{
    /// <summary>Every template the installed workflows use, by module then name.</summary>
    public IReadOnlyList<NotificationTemplate> Defaults() =>
        [.. workflows.All
            .SelectMany(d => d.States.SelectMany(s => s.OnEntry.OfType<NotifyAction>()).Select(n => (d.ModuleId, n.Template)))
            .Distinct()
            .Select(k => Default(k.ModuleId, k.Template))
            .OfType<NotificationTemplate>()
            .OrderBy(t => t.ModuleId, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>The module's own wording, or null when it ships none by that name.</summary>
    public NotificationTemplate? Default(string moduleId, string name)
    {
        var module = modules.Find(moduleId);
        var text = module is null ? null : WorkflowCatalog.NotificationTemplate(module, WorkflowCatalog.IsAlone(module, modules), name);
        if (text is null) return null;
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var subject = (newline < 0 ? text : text[..newline]).Trim();
        var body = newline < 0 ? "" : text[(newline + 1)..].TrimStart('\r', '\n');
        return new NotificationTemplate(moduleId, name, subject, body, null);
    }

    /// <summary>The wording that applies in <paramref name="regionCode"/>: its own, else the nearest ancestor's, else the default.</summary>
    public async Task<NotificationTemplate?> EffectiveAsync(string moduleId, string name, string regionCode, CancellationToken ct = default)
    {
        var chain = Regions.RegionDirectory.Ancestry(await state.GetAsync(ct), regionCode).Select(r => r.Code).ToList();
        var rows = await db.NotificationTemplates.AsNoTracking()
            .Where(t => t.ModuleId == moduleId && t.Name == name && chain.Contains(t.RegionCode)).ToListAsync(ct);
        var nearest = rows.OrderBy(r => chain.IndexOf(r.RegionCode)).FirstOrDefault();
        return nearest is null ? Default(moduleId, name) : new NotificationTemplate(moduleId, name, nearest.Subject, nearest.Body, nearest.RegionCode);
    }

    /// <summary>Saves the region's own wording after checking that it renders; audited.</summary>
    public async Task SaveAsync(ClaimsPrincipal caller, string moduleId, string name, string regionCode, string subject, string body, CancellationToken ct = default)
    {
        await EnsureMayEditAsync(caller, moduleId, name, regionCode, ct);
        subject = subject.Trim();
        if (subject.Length is 0 or > 200) throw PlatformException.Invalid("标题不能为空，且不超过 200 字。", "The subject must be 1–200 characters.");
        if (body.Length > 20_000) throw PlatformException.Invalid("正文不能超过 20000 字。", "The body must be at most 20,000 characters.");
        Render(new NotificationTemplate(moduleId, name, subject, body, regionCode), await SampleModelAsync(regionCode, caller.Identity?.Name ?? "预览", ct));
        var row = await db.NotificationTemplates.FirstOrDefaultAsync(t => t.ModuleId == moduleId && t.Name == name && t.RegionCode == regionCode, ct);
        var actor = caller.Identity?.Name ?? "anonymous";
        var before = row is null ? "（默认）" : row.Subject;
        if (row is null)
        {
            row = new NotificationTemplateRow { ModuleId = moduleId, Name = name, RegionCode = regionCode, Subject = subject, Body = body, UpdatedBy = actor };
            db.NotificationTemplates.Add(row);
        }
        row.Subject = subject;
        row.Body = body;
        row.UpdatedBy = actor;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.AddAudit("notification.template", actor, regionCode, moduleId, $"{name}：{before}", $"{name}：{subject}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Drops the region's own wording (it then inherits again); audited.</summary>
    public async Task ResetAsync(ClaimsPrincipal caller, string moduleId, string name, string regionCode, CancellationToken ct = default)
    {
        await EnsureMayEditAsync(caller, moduleId, name, regionCode, ct);
        var row = await db.NotificationTemplates.FirstOrDefaultAsync(t => t.ModuleId == moduleId && t.Name == name && t.RegionCode == regionCode, ct);
        if (row is null) return;
        db.NotificationTemplates.Remove(row);
        db.AddAudit("notification.template-reset", caller.Identity?.Name ?? "anonymous", regionCode, moduleId, $"{name}：{row.Subject}", $"{name}：（继承）");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Renders subject and body as plain text.</summary>
    /// <exception cref="PlatformException">400 naming the part (标题/正文), the line and the error.</exception>
    public static RenderedNotification Render(NotificationTemplate template, ScriptObject model) =>
        new(RenderPart(template.Subject, model, "标题", "subject").ReplaceLineEndings(" ").Trim(), RenderPart(template.Body, model, "正文", "body"));

    /// <summary>Values a template can use, as a notification fills them; the preview uses sample ones.</summary>
    public static ScriptObject Model(
        string regionCode, string regionName, string moduleName, long instanceId, string entityId, string state, string? transition,
        string actor, string? comment, DateTime at, string recipientName, string link) => new()
    {
        ["region"] = new ScriptObject { ["code"] = regionCode, ["name"] = regionName },
        ["module"] = new ScriptObject { ["name"] = moduleName },
        ["instance"] = new ScriptObject { ["id"] = instanceId, ["entity_id"] = entityId },
        ["state"] = state,
        ["transition"] = transition,
        ["actor"] = actor,
        ["comment"] = comment,
        ["at"] = (at + ChinaOffset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        ["recipient"] = new ScriptObject { ["name"] = recipientName },
        ["link"] = link,
    };

    /// <summary>Sample values for the preview and the check before saving.</summary>
    public async Task<ScriptObject> SampleModelAsync(string regionCode, string recipientName, CancellationToken ct = default)
    {
        var region = (await state.GetAsync(ct)).ByCode.GetValueOrDefault(regionCode);
        return Model(regionCode, region?.Name ?? regionCode, "示例模块", 1001, "示例-001", "待审核", "提交", "张三", "请尽快审核",
            clock.GetUtcNow().UtcDateTime, recipientName, "/admin/workflows/1001");
    }

    /// <summary>China keeps one time zone without daylight saving; notifications say local time.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private static string RenderPart(string text, ScriptObject model, string partZh, string partEn)
    {
        var template = Template.Parse(text);
        if (template.HasErrors)
        {
            var first = template.Messages.First(m => m.Type == ParserMessageType.Error);
            throw PlatformException.Invalid($"{partZh}第 {first.Span.Start.Line + 1} 行有误：{first.Message}", $"{partEn} line {first.Span.Start.Line + 1}: {first.Message}");
        }
        using var timeout = new CancellationTokenSource(ThemeRenderer.TimeLimit);
        var output = new LimitedOutput(ThemeRenderer.OutputLimit);
        var context = ThemeRenderer.NewSandbox(null, timeout.Token);
        context.PushOutput(output);
        context.PushGlobal(model);
        try
        {
            template.Render(context);
            return output.Text;
        }
        catch (Exception ex) when (ex is ScriptRuntimeException or OperationCanceledException or OutputLimitException)
        {
            var line = ex is ScriptRuntimeException s ? s.Span.Start.Line + 1 : 0;
            var reason = ex is ScriptRuntimeException r ? r.OriginalMessage : ex is OperationCanceledException ? "渲染超时" : "内容过长";
            throw PlatformException.Invalid($"{partZh}第 {line} 行无法生成：{reason}", $"{partEn} line {line} fails: {reason}");
        }
    }

    private async Task EnsureMayEditAsync(ClaimsPrincipal caller, string moduleId, string name, string regionCode, CancellationToken ct)
    {
        await access.EnsureAsync(caller, regionCode, write: true, ct);
        if (!GrantClaim.IsPlatformAdmin(caller) && !await access.HoldsRoleOverAsync(caller, [PlatformRoles.BureauAdmin], regionCode, ct))
            throw new PlatformException(403, "只有该地区的局管理员可以修改通知模板。", "Only the region's bureau administrators may edit notification templates.");
        if (Default(moduleId, name) is null)
            throw PlatformException.NotFound($"模块 {moduleId} 没有通知模板“{name}”。", $"Module {moduleId} has no notification template '{name}'.");
    }
}
