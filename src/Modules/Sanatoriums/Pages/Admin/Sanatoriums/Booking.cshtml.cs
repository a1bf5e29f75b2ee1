using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Calendars;
using Platform.Core.Text;

namespace Platform.Modules.Sanatoriums.Pages.Admin.Sanatoriums;

/// <summary>
/// One booking: who did it for whom, its history, the buttons of its process, the doctor's fitness sign-off, and the
/// family's calendar link (shown once when issued).
/// </summary>
public sealed class BookingModel(
    BookingQueries queries, BookingActions actions, FitnessCheck fitness, CalendarFeeds feeds, BookingMoves moves, IWorkflowEngine workflows,
    Data.SanatoriumsDbContext db, TimeProvider clock) : SanatoriumsPageModel
{
    private static readonly Dictionary<string, string[]> ActionsByStatus = new()
    {
        [Data.BookingStatus.Requested] = ["confirm", "cancel"],
        [Data.BookingStatus.Confirmed] = ["check-in", "no-show", "cancel"],
        [Data.BookingStatus.CheckedIn] = ["complete"],
        [Data.BookingStatus.Offered] = ["accept", "decline"],
    };

    public BookingView View { get; private set; } = null!;
    public IReadOnlyList<WorkflowStep> History { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public string? FeedPath { get; private set; }
    public bool MayIssueFeed { get; private set; }

    [BindProperty, MultiLine(2000, Label = "说明")] public string? Comment { get; set; }
    [BindProperty, SingleLine(50, Label = "医生")] public string? Doctor { get; set; }
    [BindProperty] public long? MoveTo { get; set; }
    /// <summary>Made when the page is shown: sending the move twice moves once.</summary>
    [BindProperty, SingleLine(100)] public string? MoveKey { get; set; }

    /// <summary>Other batches still open for booking that have the booking's room type (where it may move).</summary>
    public IReadOnlyList<(long Id, string Title)> MoveTargets { get; private set; } = [];
    public Refusal? MoveRefusal { get; private set; }

    public Task OnGetAsync(long id) => LoadAsync(id);

    public async Task<IActionResult> OnPostMoveAsync(long id)
    {
        await LoadAsync(id);
        BookingResult? result = null;
        if (!await TryAsync(async () => result = await moves.MoveAsync(User, id, MoveTo ?? 0, MoveKey ?? "", HttpContext.RequestAborted), "已改期。"))
            return Page();
        if (result!.Refusal is { } refusal)
        {
            (MoveRefusal, Notice) = (refusal, null);
            Response.StatusCode = 422;
            return Page();
        }
        return Redirect($"/admin/sanatoriums/bookings/{result.Booking!.Id}");
    }

    public async Task<IActionResult> OnPostFireAsync(long id, string transition)
    {
        await LoadAsync(id);
        if (!Actions.Contains(transition)) return NotFound();
        if (await TryAsync(() => actions.FireAsync(User, id, transition, Comment, HttpContext.RequestAborted), $"已{Name(transition)}。"))
            await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostFitnessAsync(long id)
    {
        await LoadAsync(id);
        if (await TryAsync(() => fitness.SignOffAsync(User, id, Doctor ?? "", HttpContext.RequestAborted), "入住前体检签字已登记。"))
            await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostFeedAsync(long id)
    {
        await LoadAsync(id);
        string? path = null;
        if (await TryAsync(async () => path = await feeds.IssueAsync(User, View.Booking.VeteranId, HttpContext.RequestAborted),
                "已生成新的家属日历链接，旧链接即刻失效。请把下面的地址发给家属，在手机日历中“订阅日历”即可。"))
            FeedPath = path;
        return Page();
    }

    public static string Name(string transition) => transition switch
    {
        "confirm" => "确认预约", "check-in" => "办理入住", "no-show" => "登记未到", "cancel" => "取消预约", "complete" => "疗养结束",
        "accept" => "接受递补", "decline" => "放弃递补", _ => transition,
    };

    private async Task LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        View = await queries.RequireAsync(User, id, ct);
        var steps = new List<WorkflowStep>();
        foreach (var instance in new[] { View.Booking.OfferInstanceId, View.Booking.WorkflowInstanceId, View.Booking.ReminderInstanceId })
            if (instance is { } i) steps.AddRange(await workflows.HistoryAsync(i, ct));
        History = steps.OrderBy(s => s.At).ToList();
        Actions = ActionsByStatus.GetValueOrDefault(View.Booking.Status) ?? [];
        var grants = GrantClaim.Of(User);
        MoveKey ??= Guid.NewGuid().ToString("N");
        if (View.Booking is { HoldsBeds: true, Status: Data.BookingStatus.Requested or Data.BookingStatus.Confirmed } booking && Region is not null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var rows = await (from t in db.Batches.AsNoTracking()
                              join s in db.Sanatoriums.AsNoTracking() on t.SanatoriumId equals s.Id
                              where t.Id != booking.BatchId && t.BookingOpensAt <= now && t.BookingClosesAt > now
                                 && db.Capacity.Any(c => c.BatchId == t.Id && c.RoomType == booking.RoomType)
                              orderby t.StartDate
                              select new { t.Id, Sanatorium = s.Name, t.Title }).Take(50).ToListAsync(ct);
            MoveTargets = rows.Select(x => (x.Id, $"{x.Sanatorium} · {x.Title}")).ToList();
        }
        MayIssueFeed = grants.Any(g => g.Role is PlatformRoles.LiaisonOfficer or PlatformRoles.BureauAdmin or PlatformRoles.PlatformAdmin or PlatformRoles.Veteran);
    }
}
