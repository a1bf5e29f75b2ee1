using Microsoft.AspNetCore.Mvc;
using Platform.Core.Access;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Calendars;

namespace Platform.Modules.Sanatoriums.Pages.Admin.Sanatoriums;

/// <summary>
/// One booking: who did it for whom, its history, the buttons of its process, the doctor's fitness sign-off, and the
/// family's calendar link (shown once when issued).
/// </summary>
public sealed class BookingModel(BookingQueries queries, BookingActions actions, FitnessCheck fitness, CalendarFeeds feeds, IWorkflowEngine workflows) : SanatoriumsPageModel
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

    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? Doctor { get; set; }

    public Task OnGetAsync(long id) => LoadAsync(id);

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
        MayIssueFeed = grants.Any(g => g.Role is PlatformRoles.LiaisonOfficer or PlatformRoles.BureauAdmin or PlatformRoles.PlatformAdmin or PlatformRoles.Veteran);
    }
}
