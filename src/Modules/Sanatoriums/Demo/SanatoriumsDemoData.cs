using System.Security.Claims;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Contracts;

namespace Platform.Modules.Sanatoriums.Demo;

/// <summary>
/// Two sanatoriums of the demo sanatorium provider (内江市甜城康养疗养院), three batches in the coming months and a few
/// bookings made by the Neijiang liaison officer (one with a spouse, two confirmed by the sanatorium's desk), all through
/// the module's services. Bookings go to the registry's last Neijiang households, so tests picking the first ones are unaffected.
/// </summary>
public sealed class SanatoriumsDemoData(
    SanatoriumService sanatoriums, BookingService bookings, BookingActions actions, IProviderDirectory providers, IVeteranDirectory veterans,
    IRegionDirectory regions, TimeProvider clock) : IModuleDemoData
{
    private static ClaimsPrincipal Person(string name, GrantClaim grant) =>
        new(new ClaimsIdentity([new Claim("name", name), new Claim(GrantClaim.ClaimType, grant.Format())], "demo", "name", "role"));

    public string ModuleId => SanatoriumsModule.Id;

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (await providers.ApprovedInRegionAsync("511000", "sanatorium", cancellationToken) is not [var provider, ..]) return;
        var admin = Person("demo", new GrantClaim(PlatformRoles.PlatformAdmin, null, null));
        var liaison = Person("neijiang-liaison", new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null));
        var desk = Person("sanatorium-desk", new GrantClaim(PlatformRoles.ProviderStaff, null, provider.OrganisationId));

        var east = await sanatoriums.CreateAsync(admin, new SanatoriumInput(provider.OrganisationId, "甜城康养疗养院（东院）", "内江市东兴区疗养路 1 号",
            "理疗、健康体检、中医调理、康复训练", "二级医院医护驻点，24 小时值班", "海拔 350 米，冬暖夏热，院内有湖",
            Beds(30, 20, 6)), cancellationToken);
        var spring = await sanatoriums.CreateAsync(admin, new SanatoriumInput(provider.OrganisationId, "甜城康养疗养院·圣水温泉分院", "内江市市中区圣水路 88 号",
            "温泉理疗、健康体检、书画室", "医务室，距市第一人民医院 15 分钟", "温泉水温 42℃，适合关节不适的老同志", Beds(12, 16, 4)), cancellationToken);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        var opens = clock.GetUtcNow().UtcDateTime.AddDays(-2);
        DateTime Closes(DateOnly start) => start.AddDays(-3).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
        var spring1 = today.AddDays(21);
        var first = await sanatoriums.CreateBatchAsync(admin, east.Id, new BatchInput("春季康养第一期", spring1, spring1.AddDays(10), 2380m, Beds(10, 10, 4), [],
            opens, Closes(spring1), MinAge: 70, RequiresFitnessCheck: true, MinOccupancy: 8), cancellationToken);
        var spring2 = today.AddDays(45);
        await sanatoriums.CreateBatchAsync(admin, east.Id, new BatchInput("春季康养第二期（内江专场）", spring2, spring2.AddDays(10), 2380m, Beds(10, 10, 2), ["511000"],
            opens, Closes(spring2)), cancellationToken);
        var hot = today.AddDays(75);
        await sanatoriums.CreateBatchAsync(admin, spring.Id, new BatchInput("温泉疗养班", hot, hot.AddDays(7), 1680m, Beds(6, 8, 2), [],
            opens, Closes(hot), MinAge: 65), cancellationToken);

        var codes = (await regions.AllAsync(cancellationToken)).Where(r => r.Code.StartsWith("5110", StringComparison.Ordinal)).Select(r => r.Code).ToList();
        var households = (await veterans.ListAsync(new VeteranQuery(codes, Take: 1000), cancellationToken)).Where(v => v.AgeOn(spring1) >= 70).TakeLast(4).ToList();
        var made = new List<Booking>();
        for (var i = 0; i < households.Count; i++)
        {
            var companion = i == 0 ? new Companion("王秀英", "配偶") : null;
            var result = await bookings.RequestAsync(liaison, new BookingRequest(first.Id, households[i].Id, companion is null ? RoomKinds.SingleRoom : RoomKinds.DoubleRoom,
                $"demo-booking-{i}", Companion: companion), cancellationToken);
            if (result.Booking is { } booking) made.Add(booking);
        }
        foreach (var booking in made.Take(2)) await actions.FireAsync(desk, booking.Id, "confirm", "已安排房间", cancellationToken);
    }

    private static Dictionary<string, int> Beds(int single, int @double, int accessible) =>
        new() { [RoomKinds.SingleRoom] = single, [RoomKinds.DoubleRoom] = @double, [RoomKinds.AccessibleRoom] = accessible };
}
