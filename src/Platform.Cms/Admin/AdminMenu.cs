using Platform.Cms.Data;
using Platform.Cms.Features;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Core.Text;

namespace Platform.Cms.Admin;

public sealed record MenuEntry(string Title, string Path, string? ModuleId);

/// <summary>
/// Builds the admin menu: the host's own pages, then the entries of the modules enabled in the selected region. Without
/// a region, a member of an organisation (provider staff) gets the entries modules mark <c>ForOrganisations</c>.
/// </summary>
public sealed class AdminMenu(ModuleCatalog catalog)
{
    public IReadOnlyList<MenuEntry> Build(StateSnapshot snapshot, RegionInfo? region, bool organisationMember = false)
    {
        var entries = new List<MenuEntry>
        {
            new(Bilingual.T("概览", "Overview"), "/admin", null),
            new(Bilingual.T("我的待办", "My tasks"), "/admin/tasks", null),
            new(Bilingual.T("我的消息", "My notifications"), "/admin/inbox", null),
            new(Bilingual.T("行政区划", "Regions"), "/admin/regions", null),
            new(Bilingual.T("模块开关", "Modules"), "/admin/features", null),
            new(Bilingual.T("流程定义", "Workflows"), "/admin/workflow-definitions", null),
            new(Bilingual.T("通知模板", "Notification templates"), "/admin/notification-templates", null),
            new(Bilingual.T("消息发送", "Delivery"), "/admin/notifications", null),
            new(Bilingual.T("审计日志", "Audit log"), "/admin/audit", null),
            new(Bilingual.T("人员与权限", "People"), "/admin/people", null),
            new(Bilingual.T("接入系统", "OAuth clients"), "/admin/clients", null),
        };
        if (region is null && !organisationMember) return entries;
        foreach (var module in catalog.Modules)
        {
            var items = region is null
                ? module.AdminMenu.Where(i => i.ForOrganisations)
                : FeatureResolver.Resolve(snapshot.ByCode, snapshot.Overrides, region.Code, module.Manifest.Id).Enabled ? module.AdminMenu : [];
            entries.AddRange(items.OrderBy(i => i.Order).Select(i => new MenuEntry(Bilingual.T(i.TitleZh, i.TitleEn), i.Path, module.Manifest.Id)));
        }
        return entries;
    }
}
