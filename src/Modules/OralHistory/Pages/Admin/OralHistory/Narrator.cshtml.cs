using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Honours;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Core.Text;

namespace Platform.Modules.OralHistory.Pages.Admin.OralHistory;

/// <summary>A narrator's honour wall: medals, certificates and photographs, each with a caption and an image.</summary>
public sealed class NarratorModel(OralHistoryDbContext db, HonourService honours, StoryService stories) : OralHistoryPageModel
{
    public Narrator Person { get; private set; } = null!;
    public IReadOnlyList<Honour> Honours { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(
        long id, HonourKind kind, [SingleLine(200, Label = "说明")] string? caption, int? year, IFormFile? image)
    {
        if (!await LoadAsync(id)) return NotFound();
        await TryAsync(async () =>
        {
            if (image is null) throw PlatformException.Invalid("请选择奖章、证书或照片的图片。", "Choose an image.");
            await using var stream = image.OpenReadStream();
            await honours.AddAsync(User, id, new HonourInput(kind, caption, year), stream, image.FileName);
        }, "已加入荣誉墙。");
        await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, long honourId)
    {
        if (!await LoadAsync(id)) return NotFound();
        await TryAsync(() => honours.RemoveAsync(User, honourId), "已从荣誉墙移除。");
        await LoadAsync(id);
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        var narrator = await db.Narrators.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id);
        if (narrator is null || Subtree.All(r => r.Code != narrator.RegionCode)) return false;
        await stories.EnsureMayEditAsync(User, narrator.RegionCode);
        Person = narrator;
        Honours = await honours.ListAsync(id);
        return true;
    }
}
