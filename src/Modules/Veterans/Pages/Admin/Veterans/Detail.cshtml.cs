using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features;
using Platform.Modules.Veterans.Features.Contacts;
using Platform.Modules.Veterans.Features.Registry;
using Platform.Core.Text;

namespace Platform.Modules.Veterans.Pages.Admin.Veterans;

/// <summary>One household: the record (sensitive fields for those who need them, every view logged), contacts and follow-ups, edit.</summary>
public sealed class DetailModel(VeteranRegistry registry, VeteranAccess access, ContactLog contacts, Institutions institutions, TimeProvider clock,
    VeteransDbContext db) : VeteransPageModel
{
    public VeteranDetail Detail { get; private set; } = null!;
    public bool MayWrite { get; private set; }
    public bool MayContact { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<Institution> Homes { get; private set; } = [];
    /// <summary>Who has seen this record's sensitive fields (shown to the bureau, who answers for it).</summary>
    public IReadOnlyList<AccessEntry> Views { get; private set; } = [];

    [BindProperty] public VeteranForm Form { get; set; } = new();
    [BindProperty] public int Revision { get; set; }
    [BindProperty, SingleLine(30, Label = "联系日期")] public string? ContactDate { get; set; }
    [BindProperty] public ContactKind ContactKind { get; set; }
    [BindProperty, MultiLine(2000, Label = "情况记录")] public string? ContactNotes { get; set; }
    [BindProperty, SingleLine(500, Label = "需要跟进的事项")] public string? FollowUp { get; set; }
    [BindProperty, SingleLine(20, Label = "关系")] public string? MemberRelation { get; set; }
    [BindProperty, SingleLine(50, Label = "家属姓名")] public string? MemberName { get; set; }
    [BindProperty, SingleLine(30, Label = "家属电话")] public string? MemberPhone { get; set; }

    public async Task OnGetAsync(long id)
    {
        await LoadAsync(id);
        if (MayWrite) Form = VeteranForm.From(Detail.Record, Detail.HealthNotes);
        ContactDate = VeteranForm.Date(Today);
    }

    public async Task<IActionResult> OnPostSaveAsync(long id)
    {
        var current = await access.VisibleToStaffAsync(User, id, VeteranPermissions.Write, HttpContext.RequestAborted);
        var known = await institutions.IdsInAsync(Form.RegionCode ?? current.RegionCode, HttpContext.RequestAborted);
        var (values, errors) = Form.Validate(ChinaClock.Today(clock), known.Contains);
        if (values is null)
        {
            Error = "未保存，请改正以下问题：" + string.Join(" ", errors);
            Response.StatusCode = 400;
        }
        else if (await TryAsync(() => registry.UpdateAsync(User, id, Revision, values, HttpContext.RequestAborted), "已保存。"))
        {
            await LoadAsync(id);
            Form = VeteranForm.From(Detail.Record, Detail.HealthNotes);
            return Page();
        }
        await LoadAsync(id, keepRevision: true);
        return Page();
    }

    public async Task<IActionResult> OnPostContactAsync(long id)
    {
        await access.VisibleToStaffAsync(User, id, VeteranPermissions.Contact, HttpContext.RequestAborted);
        var date = DateOnly.TryParse(ContactDate, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : (DateOnly?)null;
        if (date is null)
        {
            Error = "联系日期无法识别，请写成 2026-11-25 的格式。";
            Response.StatusCode = 400;
        }
        else if (await TryAsync(() => contacts.AddAsync(User, id, date.Value, ContactKind, ContactNotes, FollowUp, HttpContext.RequestAborted), "联系记录已保存。"))
        {
            ContactNotes = FollowUp = null;
        }
        await LoadAsync(id);
        if (MayWrite) Form = VeteranForm.From(Detail.Record, Detail.HealthNotes);
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(long id, long entry)
    {
        await access.VisibleToStaffAsync(User, id, VeteranPermissions.Contact, HttpContext.RequestAborted);
        await TryAsync(() => contacts.CloseFollowUpAsync(User, entry, HttpContext.RequestAborted), "跟进事项已办结。");
        await LoadAsync(id);
        if (MayWrite) Form = VeteranForm.From(Detail.Record, Detail.HealthNotes);
        ContactDate = VeteranForm.Date(Today);
        return Page();
    }

    public async Task<IActionResult> OnPostHouseholdAsync(long id)
    {
        await access.VisibleToStaffAsync(User, id, VeteranPermissions.Write, HttpContext.RequestAborted);
        if (await TryAsync(() => registry.AddHouseholdAsync(User, id, MemberRelation, MemberName, MemberPhone, HttpContext.RequestAborted), "家属已添加。"))
            MemberRelation = MemberName = MemberPhone = null;
        await LoadAsync(id);
        if (MayWrite) Form = VeteranForm.From(Detail.Record, Detail.HealthNotes);
        ContactDate = VeteranForm.Date(Today);
        return Page();
    }

    private async Task LoadAsync(long id, bool keepRevision = false)
    {
        var ct = HttpContext.RequestAborted;
        Detail = await registry.DetailAsync(User, id, "page", ct);
        if (!keepRevision) Revision = Detail.Record.Revision;
        Today = ChinaClock.Today(clock);
        var region = Detail.Record.RegionCode;
        MayWrite = Detail.Sensitive && await access.HoldsAsync(User, VeteranPermissions.Write, region, ct);
        MayContact = await access.HoldsAsync(User, VeteranPermissions.Contact, region, ct);
        if (MayWrite)
        {
            Homes = await institutions.ListAsync(User, region, ct);
            Views = await db.AccessLog.AsNoTracking().Where(a => a.VeteranId == id).OrderByDescending(a => a.Id).Take(20).ToListAsync(ct);
        }
    }
}
