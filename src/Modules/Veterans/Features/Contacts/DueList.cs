using Platform.Modules.Veterans.Contracts;

namespace Platform.Modules.Veterans.Features.Contacts;

public enum DueReason { FollowUp = 0, Birthday = 1, NotContacted = 2 }

/// <summary>What the officer knows of one household when working out what is due.</summary>
public sealed record DueHousehold(long VeteranId, string Name, KeyGroups KeyGroups, DateOnly BirthDate, DateOnly? LastContact,
    IReadOnlyList<(long EntryId, DateOnly Date, string FollowUp)> OpenFollowUps);

public sealed record DueItem(DueReason Reason, long VeteranId, string Name, KeyGroups KeyGroups, DateOnly? Date, string? Detail, long? EntryId);

/// <summary>
/// The officer's home page: households not contacted this month, birthdays today and in the next 7 days, open follow-ups.
/// Key-group households come first; within them follow-ups, then birthdays (soonest first), then households not yet contacted.
/// </summary>
public static class DueList
{
    public const int BirthdayDays = 7;

    public static IReadOnlyList<DueItem> Compute(DateOnly today, IEnumerable<DueHousehold> households)
    {
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var items = new List<DueItem>();
        foreach (var h in households)
        {
            foreach (var (entryId, date, followUp) in h.OpenFollowUps)
                items.Add(new DueItem(DueReason.FollowUp, h.VeteranId, h.Name, h.KeyGroups, date, followUp, entryId));
            var birthday = NextBirthday(h.BirthDate, today);
            if (birthday.DayNumber - today.DayNumber <= BirthdayDays)
                items.Add(new DueItem(DueReason.Birthday, h.VeteranId, h.Name, h.KeyGroups, birthday, $"{birthday.Year - h.BirthDate.Year} 岁生日", null));
            if (h.LastContact is not { } last || last < monthStart)
                items.Add(new DueItem(DueReason.NotContacted, h.VeteranId, h.Name, h.KeyGroups, h.LastContact, null, null));
        }
        return items
            .OrderBy(i => i.KeyGroups == KeyGroups.None)
            .ThenBy(i => i.Reason)
            .ThenBy(i => i.Date ?? DateOnly.MinValue)
            .ThenBy(i => i.VeteranId)
            .ToList();
    }

    /// <summary>The next birthday on or after today; 29 February is kept on 28 February in other years.</summary>
    public static DateOnly NextBirthday(DateOnly birth, DateOnly today)
    {
        var thisYear = On(birth, today.Year);
        return thisYear >= today ? thisYear : On(birth, today.Year + 1);
    }

    private static DateOnly On(DateOnly birth, int year) =>
        birth.Month == 2 && birth.Day == 29 && !DateTime.IsLeapYear(year) ? new DateOnly(year, 2, 28) : new DateOnly(year, birth.Month, birth.Day);
}
