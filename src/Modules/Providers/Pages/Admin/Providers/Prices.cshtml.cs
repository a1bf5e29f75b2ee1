using Microsoft.AspNetCore.Mvc;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Offerings;
using Platform.Core.Text;

namespace Platform.Modules.Providers.Pages.Admin.Providers;

/// <summary>The bureau's reference prices (own and inherited) for its region, setting one (audited), and the over-reference flags.</summary>
public sealed class PricesModel(ReferencePriceService prices) : ProvidersPageModel
{
    public IReadOnlyList<ReferencePrice> References { get; private set; } = [];
    public IReadOnlyList<PriceFlag> Flags { get; private set; } = [];

    [BindProperty, SingleLine(32, Label = "服务类别")] public string? Type { get; set; }
    [BindProperty, SingleLine(20, Label = "参考价")] public string? Price { get; set; }
    [BindProperty, SingleLine(20, Label = "计价单位")] public string? Unit { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var region = RequireRegion();
        if (Yuan(Price) is not { } yuan)
        {
            Error = $"参考价“{Price}”无法识别，请填写金额（元），例如 15 或 15.50。";
            Response.StatusCode = 400;
        }
        else if (await TryAsync(() => prices.SetAsync(User, region.Code, Type ?? "", yuan, Unit ?? "", HttpContext.RequestAborted), "参考价已保存，并记入审计日志。"))
        {
            Type = Price = Unit = null;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var region = RequireRegion();
        References = await prices.ApplyingAsync(region.Code, HttpContext.RequestAborted);
        Flags = await prices.FlagsAsync(User, region.Code, HttpContext.RequestAborted);
    }
}
