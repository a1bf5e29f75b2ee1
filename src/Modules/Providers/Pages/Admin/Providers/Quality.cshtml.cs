using Microsoft.AspNetCore.Mvc;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;
using Platform.Modules.Providers.Ratings;
using Platform.Core.Text;

namespace Platform.Modules.Providers.Pages.Admin.Providers;

/// <summary>
/// Ratings and complaints in the region: the ranking (average, count, trend), rating a delivered service and filing a
/// complaint (by the served person, or the liaison officer on their behalf), and the bureau's complaint handling.
/// </summary>
public sealed class QualityModel(ProviderService providers, RatingService ratings, ComplaintService complaints) : ProvidersPageModel
{
    public IReadOnlyList<RankingRow> Ranking { get; private set; } = [];
    public IReadOnlyList<Complaint> Complaints { get; private set; } = [];
    public IReadOnlyList<Provider> Approved { get; private set; } = [];

    [BindProperty] public long ProviderId { get; set; }
    [BindProperty] public long? OfferingId { get; set; }
    [BindProperty, SingleLine(10, Label = "评分")] public string? Score { get; set; }
    [BindProperty, MultiLine(1000, Label = "评价内容")] public string? Comment { get; set; }
    [BindProperty, SingleLine(100, Label = "代为评价的老同志")] public string? OnBehalfOf { get; set; }
    [BindProperty, MultiLine(2000, Label = "投诉内容")] public string? Text { get; set; }
    [BindProperty, MultiLine(2000, Label = "处理结果")] public string? Outcome { get; set; }
    [BindProperty, SingleLine(20, Label = "赔偿金额")] public string? Compensation { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRateAsync()
    {
        var region = RequireRegion();
        if (!int.TryParse(Score, out var score) || score is < 1 or > 5)
        {
            Error = "请选择 1 到 5 颗星：5 星最满意，1 星最不满意。";
            Response.StatusCode = 400;
        }
        else if (await TryAsync(() => ratings.RateAsync(User, ProviderId, OfferingId, region.Code, score, Comment, OnBehalfOf, HttpContext.RequestAborted), "评价已记录，谢谢。"))
        {
            Score = Comment = OnBehalfOf = null;
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostComplainAsync()
    {
        var region = RequireRegion();
        // A liaison officer files for a named served person; the name goes in front of what happened.
        var text = string.IsNullOrWhiteSpace(OnBehalfOf) || string.IsNullOrWhiteSpace(Text) ? Text : $"（代{OnBehalfOf.Trim()}投诉）{Text.Trim()}";
        if (await TryAsync(() => complaints.FileAsync(User, ProviderId, OfferingId, region.Code, text ?? "", HttpContext.RequestAborted), "投诉已登记，主管部门会尽快处理。"))
            Text = OnBehalfOf = null;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostInvestigateAsync(long complaint)
    {
        RequireRegion();
        await TryAsync(() => complaints.InvestigateAsync(User, complaint, HttpContext.RequestAborted), "已开始调查。");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostResolveAsync(long complaint)
    {
        RequireRegion();
        decimal? compensation = null;
        if (!string.IsNullOrWhiteSpace(Compensation) && (compensation = Yuan(Compensation)) is null)
        {
            Error = $"赔偿金额“{Compensation}”无法识别，请填写金额（元）；不赔偿请留空。";
            Response.StatusCode = 400;
        }
        else if (await TryAsync(() => complaints.ResolveAsync(User, complaint, Outcome ?? "", compensation, HttpContext.RequestAborted), "投诉已办结。"))
        {
            Outcome = Compensation = null;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var region = RequireRegion();
        var ct = HttpContext.RequestAborted;
        Ranking = await ratings.RankingAsync(User, region.Code, ct);
        Approved = Ranking.Select(r => r.Provider).OrderBy(p => p.LegalName, StringComparer.Ordinal).ToList();
        var inRegion = (await providers.SubtreeAsync(region.Code, ct)).ToHashSet(StringComparer.Ordinal);
        Complaints = (await complaints.VisibleAsync(User, ct)).Where(c => inRegion.Contains(c.RegionCode)).ToList();
    }

    public string ProviderName(long id) => Approved.FirstOrDefault(p => p.Id == id)?.LegalName ?? $"服务商 {id}";
}
