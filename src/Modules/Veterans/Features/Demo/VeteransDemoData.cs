using Microsoft.EntityFrameworkCore;
using Platform.Core.Regions;
using Platform.Core.Setup;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Sensitive;

namespace Platform.Modules.Veterans.Features.Demo;

/// <summary>
/// A few hundred made-up veterans in the demo regions (内江市, 杭州市), rest homes, two liaison officers with their
/// households and three months of contacts. The same seed gives the same people; dates are counted back from the
/// day of loading, so the officer's home page always has birthdays and contacts due. Record 1 is the demo veteran's own.
/// </summary>
public sealed class VeteransDemoData(VeteransDbContext db, IRegionDirectory regions, HealthNoteCipher cipher, TimeProvider clock) : IModuleDemoData
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "唐", "许", "冯", "宋", "邓", "曾", "彭"];
    private static readonly string[] GivenMale = ["建国", "卫东", "振华", "志强", "国庆", "长征", "保国", "德胜", "文忠", "永福", "光明", "继业", "海潮", "树林", "立新", "守成", "兴邦", "为民", "开山", "铁军"];
    private static readonly string[] GivenFemale = ["秀英", "桂兰", "玉珍", "淑芬", "凤英", "秀兰", "素珍", "翠花", "红梅", "丽华", "春兰", "美玲"];
    private static readonly string[] Notes = ["高血压，每日服药，每季度复查。", "冠心病史，随身携带硝酸甘油。", "糖尿病，注意饮食，胰岛素早晚各一次。", "轻度听力下降，沟通请放慢语速。", "髋关节置换术后，行动需搀扶。", "慢阻肺，冬季易发作。"];
    private static readonly string[] Neijiang = ["511002", "511011", "511024", "511025", "511083"];
    private static readonly string[] Hangzhou = ["330102", "330105", "330106", "330108", "330109", "330110", "330111", "330112", "330113", "330114", "330122", "330127", "330182"];

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Veterans.AnyAsync(cancellationToken) || await regions.FindAsync("511000", cancellationToken) is null) return;
        var random = new Random(20261125);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaClock.Today(clock);

        var homes = new[]
        {
            new Institution { RegionCode = "511002", Name = "内江市军队离退休干部休养所", Address = "内江市市中区（演示地址）", Phone = "08322000001", Staff = "刘所长\n陈医生", CreatedAt = now },
            new Institution { RegionCode = "511083", Name = "隆昌市军休所", Address = "隆昌市（演示地址）", Phone = "08322000002", Staff = "王干事", CreatedAt = now },
            new Institution { RegionCode = "330100", Name = "杭州市第一军休所", Address = "杭州市上城区（演示地址）", Phone = "05712000001", Staff = "周所长\n吴护士", CreatedAt = now },
        };
        db.Institutions.AddRange(homes);
        db.Officers.AddRange(
            new Officer { UserName = "neijiang-liaison", DisplayName = "内江市联络员（演示）", RegionCode = "511000", CreatedAt = now },
            new Officer { UserName = "hangzhou-liaison", DisplayName = "杭州市联络员（演示）", RegionCode = "330100", CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);

        var people = new List<Veteran>();
        for (var i = 0; i < 300; i++)
        {
            var inNeijiang = i < 180;
            var region = inNeijiang ? Neijiang[random.Next(Neijiang.Length)] : Hangzhou[random.Next(Hangzhou.Length)];
            var kindRoll = random.Next(100);
            var kind = kindRoll < 80 ? VeteranKind.Cadre : kindRoll < 95 ? VeteranKind.Widowed : VeteranKind.Dependant;
            var female = kind == VeteranKind.Cadre ? random.Next(100) < 8 : random.Next(100) < 90;
            var age = 70 + random.Next(31);
            var birth = today.AddYears(-age).AddDays(-random.Next(365));
            if (i % 20 == 0) // some birthdays in the coming week (turning 71 to 100)
            {
                var day = today.AddDays(i % 8);
                birth = new DateOnly(day.Year - Math.Max(age, 71), day.Month, day.Month == 2 && day.Day == 29 ? 28 : day.Day);
            }
            var groups = (random.Next(100) < 12 ? KeyGroups.Disabled : 0) | (random.Next(100) < 8 ? KeyGroups.CognitivelyImpaired : 0)
                         | (random.Next(100) < 15 ? KeyGroups.LivingAlone : 0) | (random.Next(100) < 25 ? KeyGroups.EmptyNest : 0);
            var concentrated = random.Next(100) < 20;
            var home = inNeijiang ? (region == "511083" ? homes[1] : homes[0]) : homes[2];
            people.Add(new Veteran
            {
                Kind = kind, Name = Surnames[random.Next(Surnames.Length)] + (female ? GivenFemale[random.Next(GivenFemale.Length)] : GivenMale[random.Next(GivenMale.Length)]),
                Sex = female ? Sex.Female : Sex.Male, BirthDate = birth, RegionCode = region,
                IdNumber = $"{region}{birth:yyyyMMdd}{i:D3}{(i * 7) % 10}",
                Address = $"{(inNeijiang ? "内江市" : "杭州市")}演示路 {1 + random.Next(200)} 号",
                Phone = $"139{random.Next(10_000_000, 99_999_999)}", RankBand = (RankBand)random.Next(4),
                RetirementDate = birth.AddYears(58 + random.Next(5)), InstitutionId = home.Id,
                Living = concentrated ? Living.Concentrated : Living.Dispersed, KeyGroups = groups,
                HealthNotes = random.Next(100) < 40 ? cipher.Encrypt(Notes[random.Next(Notes.Length)]) : null,
                DeceasedDate = i % 97 == 50 ? today.AddDays(-random.Next(30, 400)) : null,
                CreatedAt = now, UpdatedAt = now, UpdatedBy = "recipe", Revision = 1,
            });
        }
        db.Veterans.AddRange(people);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var v in people)
        {
            if (v.Kind == VeteranKind.Cadre && random.Next(100) < 60)
                db.Contacts.Add(new HouseholdContact { VeteranId = v.Id, Relation = "配偶", Name = Surnames[random.Next(Surnames.Length)] + GivenFemale[random.Next(GivenFemale.Length)], Phone = $"138{random.Next(10_000_000, 99_999_999)}" });
            db.Contacts.Add(new HouseholdContact { VeteranId = v.Id, Relation = random.Next(2) == 0 ? "儿子" : "女儿", Name = v.Name[..1] + GivenMale[random.Next(GivenMale.Length)], Phone = $"137{random.Next(10_000_000, 99_999_999)}" });
        }

        // Each officer looks after 40 households; a third of them not yet contacted this month, a few with open follow-ups.
        foreach (var (officer, from) in new[] { ("neijiang-liaison", 0), ("hangzhou-liaison", 180) })
        {
            foreach (var v in people.Skip(from).Take(40).Where(v => v.DeceasedDate is null))
            {
                db.Assignments.Add(new Assignment { VeteranId = v.Id, OfficerUserName = officer, AssignedAt = now, AssignedBy = "recipe" });
                for (var month = 3; month >= 0; month--)
                {
                    if (month == 0 && random.Next(3) == 0) continue;
                    var date = today.AddMonths(-month);
                    date = month == 0 ? new DateOnly(date.Year, date.Month, 1 + random.Next(today.Day)) : new DateOnly(date.Year, date.Month, 1 + random.Next(28));
                    var follow = random.Next(100) < 8 ? "约定下月陪同到医院复查" : null;
                    db.ContactLog.Add(new ContactEntry
                    {
                        VeteranId = v.Id, Date = date, Kind = month == 2 && random.Next(4) == 0 ? ContactKind.Hospital : ContactKind.Monthly,
                        OfficerUserName = officer, Notes = "电话联系，身体状况平稳。", FollowUp = follow,
                        FollowUpState = follow is null ? FollowUpState.None : FollowUpState.Open, CreatedAt = now,
                    });
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
