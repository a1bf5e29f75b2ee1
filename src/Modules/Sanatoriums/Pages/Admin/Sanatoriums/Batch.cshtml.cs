using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Regions;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Contracts;
using Platform.Core.Text;

namespace Platform.Modules.Sanatoriums.Pages.Admin.Sanatoriums;

/// <summary>
/// One batch: beds per room type, occupancy per night, its bookings (the sanatorium's staff see all; a bureau or liaison
/// officer those of veterans in their regions), and the booking form for a liaison officer or bureau ("为谁办理").
/// </summary>
public sealed class BatchModel(
    SanatoriumService sanatoriums, SanatoriumsDbContext db, Occupancy occupancy, BookingService bookings, IVeteranDirectory veterans,
    IAccessScope access, IRegionDirectory regions) : SanatoriumsPageModel
{
    public Batch Batch { get; private set; } = null!;
    public Sanatorium Sanatorium { get; private set; } = null!;
    public IReadOnlyList<BatchCapacity> Capacity { get; private set; } = [];
    public IReadOnlyList<OccupancyDay> Days { get; private set; } = [];
    public IReadOnlyList<Booking> Bookings { get; private set; } = [];
    public IReadOnlyList<VeteranSummary> Veterans { get; private set; } = [];
    public Refusal? Refusal { get; private set; }

    [BindProperty] public long? VeteranId { get; set; }
    [BindProperty, SingleLine(16, Label = "房型")] public string? RoomType { get; set; }
    [BindProperty, SingleLine(50, Label = "同住人姓名")] public string? CompanionName { get; set; }
    [BindProperty, SingleLine(20, Label = "同住人关系")] public string? CompanionRelation { get; set; }
    [BindProperty, SingleLine(20, Label = "行动能力")] public string? Mobility { get; set; }
    [BindProperty] public bool JoinWaitlist { get; set; } = true;
    /// <summary>Made when the form is shown: submitting twice (a double click, a retry) books once.</summary>
    [BindProperty, SingleLine(100)] public string? RequestKey { get; set; }

    public async Task OnGetAsync(long id)
    {
        RequestKey = Guid.NewGuid().ToString("N");
        await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostBookAsync(long id)
    {
        await LoadAsync(id);
        var companion = string.IsNullOrWhiteSpace(CompanionName) ? null : new Companion(CompanionName, CompanionRelation ?? "");
        BookingResult? result = null;
        if (!await TryAsync(async () => result = await bookings.RequestAsync(User, new BookingRequest(id, VeteranId ?? 0, RoomType ?? "", RequestKey ?? "",
                JoinWaitlist, false, companion, string.IsNullOrEmpty(Mobility) ? null : Mobility), HttpContext.RequestAborted), "已办理。"))
            return Page();
        if (result!.Refusal is { } refusal)
        {
            Refusal = refusal;
            Notice = null;
            Response.StatusCode = 422;
            RequestKey = Guid.NewGuid().ToString("N"); // a corrected form is a new request
            return Page();
        }
        return Redirect($"/admin/sanatoriums/bookings/{result.Booking!.Id}");
    }

    private async Task LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        Batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct) ?? throw PlatformException.NotFound("未找到该批次。", "Batch not found.");
        // Batches are open to every region that has the module: a bureau or liaison officer sees any batch they could book.
        Sanatorium = Organisations.Count > 0 || Region is null
            ? await sanatoriums.RequireAsync(User, Batch.SanatoriumId, write: false, ct)
            : await db.Sanatoriums.AsNoTracking().SingleAsync(s => s.Id == Batch.SanatoriumId, ct);
        await EnsureEnabledAsync(Sanatorium.RegionCode);
        Capacity = await db.Capacity.AsNoTracking().Where(c => c.BatchId == id).ToListAsync(ct);
        Days = await occupancy.DaysAsync(Sanatorium.Id, Batch.StartDate, Batch.EndDate, id, ct);
        var all = db.Bookings.AsNoTracking().Where(b => b.BatchId == id);
        var ownSanatorium = Organisations.Contains(Sanatorium.OrganisationId) || GrantClaim.IsPlatformAdmin(GrantClaim.Of(User));
        var visible = await access.VisibleRegionsAsync(User, ct);
        Bookings = ownSanatorium || visible is null
            ? await all.OrderBy(b => b.Id).ToListAsync(ct)
            : await all.Where(b => visible.Contains(b.RegionCode)).OrderBy(b => b.Id).ToListAsync(ct);
        if (Region is not null)
        {
            var codes = (await regions.AllAsync(ct)).Where(r => Region.Contains(r) && (visible is null || visible.Contains(r.Code))).Select(r => r.Code).ToList();
            Veterans = await veterans.ListAsync(new VeteranQuery(codes, Take: 500), ct);
        }
    }
}
