using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Core.Access;
using Platform.Cms.Regions;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

public sealed class RegionsModel(PlatformState state, IAccessScope access, RegionService regions) : AdminPageModel(state, access)
{
    public Task OnGetAsync() => LoadRegionAsync();

    public Task OnPostCreateAsync(
        [SingleLine(12, Label = "行政区划代码")] string code, [SingleLine(12, Label = "上级代码")] string? parentCode,
        [SingleLine(50, Label = "名称")] string name, [SingleLine(64, Label = "网址名")] string slug) => Change(
        () => regions.CreateAsync(new RegionInput(code, parentCode, name, slug), Actor),
        Bilingual.T($"已新建 {name}（{code}）。", $"Created {name} ({code})."));

    public Task OnPostRenameAsync(string code, [SingleLine(50, Label = "名称")] string name) => Change(
        () => regions.RenameAsync(code, name, null, Actor), Bilingual.T("已改名。", "Renamed."));

    public Task OnPostMoveAsync(string code, string parentCode) => Change(
        () => regions.MoveAsync(code, parentCode ?? "", Actor), Bilingual.T("已移动。", "Moved."));

    public Task OnPostArchiveAsync(string code) => Change(
        () => regions.SetArchivedAsync(code, true, Actor), Bilingual.T("已归档。", "Archived."));

    public Task OnPostRestoreAsync(string code) => Change(
        () => regions.SetArchivedAsync(code, false, Actor), Bilingual.T("已恢复。", "Restored."));

    private async Task Change(Func<Task> change, string notice)
    {
        await TryAsync(() => IsPlatformAdmin ? change() : throw new Core.PlatformException(403,
            "行政区划按 GB/T 2260 由平台管理员维护；如需调整，请联系平台管理员。",
            "Regions follow GB/T 2260 and are kept by platform administrators."), notice);
        await LoadRegionAsync();
    }
}
