using Platform.Core.Regions;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Contracts;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>Why a booking was refused: the rule (age, region, window, capacity, overlap, …) and what to tell the person.</summary>
public sealed record Refusal(string Rule, string MessageZh, string MessageEn);

public static class Rules
{
    public const string Age = "age";
    public const string Region = "region";
    public const string Window = "window";
    public const string Capacity = "capacity";
    public const string Overlap = "overlap";
    public const string Health = "health";
    public const string Provider = "provider";
    public const string Mobility = "mobility";
}

/// <summary>The rules a booking must pass before it may take a bed, each with its own Chinese explanation.</summary>
public sealed class Eligibility(IRegionDirectory regions)
{
    public async Task<Refusal?> CheckAsync(Batch batch, VeteranSummary veteran, ProviderOrderStatus? provider, DateTime nowUtc, CancellationToken ct)
    {
        if (veteran.Deceased)
            return new(Rules.Health, $"{veteran.Name}已登记去世，不能预约疗养。", $"{veteran.Name} is recorded as deceased.");
        if (provider is null || !provider.AcceptsNewOrders)
            return new(Rules.Provider, $"该疗养院目前暂停接受新预约{(provider?.Reason is { } r ? "：" + r : "")}。请选择其他疗养院或稍后再试。",
                "The sanatorium is not taking new bookings.");
        if (nowUtc < batch.BookingOpensAt)
            return new(Rules.Window, $"本批次预约尚未开始，{China(batch.BookingOpensAt)} 起可以预约，请届时再来。",
                $"Booking for this batch opens at {batch.BookingOpensAt:u}.");
        if (nowUtc >= batch.BookingClosesAt)
            return new(Rules.Window, $"本批次预约已于 {China(batch.BookingClosesAt)} 截止，请选择其他批次。",
                $"Booking for this batch closed at {batch.BookingClosesAt:u}.");
        var age = veteran.AgeOn(batch.StartDate);
        if (batch.MinAge is { } min && age < min || batch.MaxAge is { } max && age > max)
            return new(Rules.Age, $"年龄不符：本批次限 {Range(batch)}，{veteran.Name}入住时 {age} 岁。请选择其他批次。",
                $"Age: this batch takes ages {batch.MinAge}–{batch.MaxAge}; {veteran.Name} will be {age}.");
        var reserved = batch.ReservedRegions.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (reserved.Length > 0)
        {
            var ancestry = await regions.AncestryAsync(veteran.RegionCode, ct);
            if (!ancestry.Any(r => reserved.Contains(r.Code, StringComparer.Ordinal)))
            {
                var names = new List<string>();
                foreach (var code in reserved) names.Add((await regions.FindAsync(code, ct))?.Name ?? code);
                return new(Rules.Region, $"本批次只接受{string.Join("、", names)}的军休干部预约，{veteran.Name}的户籍地区不在其中。",
                    $"This batch is reserved for {string.Join(", ", reserved)}.");
            }
        }
        return null;
    }

    /// <summary>A wheelchair or walker needs an accessible room: refused with what to choose instead.</summary>
    public static Refusal? RoomFor(string name, string? mobility, string roomType, bool batchHasAccessible) =>
        string.IsNullOrEmpty(mobility) || roomType == RoomKinds.AccessibleRoom ? null
        : batchHasAccessible
            ? new(Rules.Mobility, $"{name}{Data.Mobility.NameZh(mobility)}，须安排无障碍间（底层、扶手、轮椅通道），{RoomKinds.NameZh(roomType)}不适合。请改选无障碍间。",
                $"{name} needs an accessible room; choose the accessible room type.")
            : new(Rules.Mobility, $"{name}{Data.Mobility.NameZh(mobility)}，须安排无障碍间（底层、扶手、轮椅通道），本批次没有无障碍间。请选择有无障碍间的批次。",
                $"{name} needs an accessible room and this batch has none.");

    public static Refusal Full(string roomType, int beds) =>
        new(Rules.Capacity, $"本批次{RoomKinds.NameZh(roomType)}已满（共 {beds} 张床）。可以选择加入候补，有人取消时按顺序通知。",
            $"The batch's {roomType} rooms are full ({beds} beds). Join the waitlist to be offered a cancelled bed.");

    public static Refusal Overlapping(string name, Batch batch) =>
        new(Rules.Overlap, $"{name}在 {batch.StartDate:yyyy-MM-dd} 至 {batch.EndDate:yyyy-MM-dd} 期间已有疗养安排，同一时间不能再预约。请先取消原预约或选择其他批次。",
            $"{name} already has a stay overlapping {batch.StartDate:yyyy-MM-dd}–{batch.EndDate:yyyy-MM-dd}.");

    private static string Range(Batch batch) => (batch.MinAge, batch.MaxAge) switch
    {
        ({ } a, { } b) => $"{a}–{b} 岁",
        ({ } a, null) => $"{a} 岁及以上",
        (null, { } b) => $"{b} 岁及以下",
        _ => "不限年龄",
    };

    private static string China(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
