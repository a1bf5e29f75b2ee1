using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;
using Platform.Core.Text;

namespace Platform.Modules.Sanatoriums.Pages.Admin.Sanatoriums;

/// <summary>One sanatorium: its batches with beds taken, the calendar of the coming nights, and a new batch (its staff or bureau).</summary>
public sealed class SanatoriumModel(SanatoriumService sanatoriums, SanatoriumsDbContext db, Occupancy occupancy, TimeProvider clock) : SanatoriumsPageModel
{
    public Sanatorium Sanatorium { get; private set; } = null!;
    public IReadOnlyList<(Batch Batch, int Beds, int Taken)> Batches { get; private set; } = [];
    public IReadOnlyList<OccupancyDay> Calendar { get; private set; } = [];
    public bool MayManage { get; private set; }

    [BindProperty, SingleLine(100, Label = "批次名称")] public string? Title { get; set; }
    [BindProperty, SingleLine(30, Label = "开始日期")] public string? StartDate { get; set; }
    [BindProperty, SingleLine(30, Label = "结束日期")] public string? EndDate { get; set; }
    [BindProperty, SingleLine(20, Label = "每人费用")] public string? Price { get; set; }
    [BindProperty, SingleLine(10, Label = "单人间床位")] public string? SingleBeds { get; set; }
    [BindProperty, SingleLine(10, Label = "双人间床位")] public string? DoubleBeds { get; set; }
    [BindProperty, SingleLine(10, Label = "无障碍床位")] public string? AccessibleBeds { get; set; }
    /// <summary>A batch kept for veterans of these regions: the sanatorium's own choice (it narrows who may book).</summary>
    [BindProperty, SetBy(PlatformRoles.BureauAdmin, PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff)]
    [SingleLine(500, Label = "预留地区")] public string? ReservedRegions { get; set; }
    [BindProperty, SingleLine(30, Label = "报名截止日期")] public string? ClosesOn { get; set; }
    [BindProperty, SingleLine(10, Label = "最低年龄")] public string? MinAge { get; set; }
    [BindProperty, SingleLine(10, Label = "最高年龄")] public string? MaxAge { get; set; }
    [BindProperty, SingleLine(10, Label = "最少成行人数")] public string? MinOccupancy { get; set; }
    [BindProperty] public bool RequiresFitnessCheck { get; set; }

    public Task OnGetAsync(long id) => LoadAsync(id);

    public async Task<IActionResult> OnPostBatchAsync(long id)
    {
        await LoadAsync(id);
        if (!DateOnly.TryParse(StartDate, CultureInfo.InvariantCulture, out var start) || !DateOnly.TryParse(EndDate, CultureInfo.InvariantCulture, out var end))
        {
            Error = "请按 2027-04-01 的格式填写入住和离院日期。";
            Response.StatusCode = 400;
            return Page();
        }
        var closes = DateOnly.TryParse(ClosesOn, CultureInfo.InvariantCulture, out var c) ? c : start.AddDays(-7);
        var input = new BatchInput(Title ?? "", start, end, decimal.TryParse(Price, CultureInfo.InvariantCulture, out var p) ? p : -1,
            new Dictionary<string, int> { [RoomKinds.SingleRoom] = Number(SingleBeds) ?? 0, [RoomKinds.DoubleRoom] = Number(DoubleBeds) ?? 0, [RoomKinds.AccessibleRoom] = Number(AccessibleBeds) ?? 0 },
            (ReservedRegions ?? "").Split([' ', ',', '，', '、'], StringSplitOptions.RemoveEmptyEntries), clock.GetUtcNow().UtcDateTime,
            closes.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8), Number(MinAge), Number(MaxAge), RequiresFitnessCheck, Number(MinOccupancy));
        if (await TryAsync(() => sanatoriums.CreateBatchAsync(User, id, input, HttpContext.RequestAborted), "批次已创建，现在即可预约。"))
            await LoadAsync(id);
        return Page();
    }

    private async Task LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        Sanatorium = await sanatoriums.RequireAsync(User, id, write: false, ct);
        await EnsureEnabledAsync(Sanatorium.RegionCode);
        try
        {
            await sanatoriums.RequireAsync(User, id, write: true, ct);
            MayManage = true;
        }
        catch (Platform.Core.PlatformException)
        {
            MayManage = false;
        }
        var batches = await db.Batches.AsNoTracking().Where(b => b.SanatoriumId == id).OrderBy(b => b.StartDate).ToListAsync(ct);
        var ids = batches.Select(b => b.Id).ToList();
        var capacity = await db.Capacity.AsNoTracking().Where(x => ids.Contains(x.BatchId)).ToListAsync(ct);
        Batches = batches.Select(b => (b, capacity.Where(x => x.BatchId == b.Id).Sum(x => x.Beds), capacity.Where(x => x.BatchId == b.Id).Sum(x => x.Taken))).ToList();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        Calendar = await occupancy.DaysAsync(id, today, today.AddDays(120), ct: ct);
    }
}
