using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Features;
using Platform.Cms.Regions;
using Platform.Core.Modules;

namespace Bench.Generate;

/// <summary>
/// The region tree through <see cref="RegionService"/>: the 31 provinces and the real prefectures and counties of
/// regions.csv (GB/T 2260, from ../shared/data), then generated prefectures (province digits + 01, 02, …) and counties
/// (prefecture digits + 01, 02, …) up to 333 and 2,800 at scale 1, skipping every real code; every module switched on
/// in every province.
/// </summary>
public static class RegionTree
{
    private static readonly string[] Syllables = ["安", "平", "宁", "远", "新", "兴", "丰", "阳", "华", "昌", "永", "清", "河", "山", "泉", "江", "东", "西", "南", "北", "和", "康", "泰", "德", "明", "临", "云", "石", "金", "青"];

    public sealed record Row(string Code, string? Parent, string Name, int Level);

    public static async Task<(List<Row> Prefectures, List<Row> Counties)> CreateAsync(IServiceProvider services, Options options, Progress progress)
    {
        var csv = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "regions.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(f => new Row(f[0], f[1].Length == 0 ? null : f[1], f[2], f[3] switch { "province" => 1, "prefecture" => 2, _ => 3 })).ToList();
        var random = new Random(options.Seed);
        var rows = new List<Row>(csv);
        var taken = csv.Select(r => r.Code).ToHashSet();
        var provinces = csv.Where(r => r.Level == 1).ToList();
        var prefectureTarget = options.Count(333, provinces.Count);
        var countyTarget = options.Count(2800, prefectureTarget);
        var generatedPrefectures = new List<Row>();
        for (var i = 0; generatedPrefectures.Count < prefectureTarget - csv.Count(r => r.Level == 2); i++)
        {
            var province = provinces[i % provinces.Count];
            var code = Next(province.Code[..2], 2, taken);
            generatedPrefectures.Add(new Row(code, province.Code, Name(random, 2) + "市", 2));
        }
        rows.AddRange(generatedPrefectures);
        var counties = new List<Row>();
        for (var i = 0; counties.Count < countyTarget - csv.Count(r => r.Level == 3); i++)
        {
            var prefecture = generatedPrefectures[i % generatedPrefectures.Count];
            counties.Add(new Row(Next(prefecture.Code[..4], 4, taken), prefecture.Code, Name(random, 2) + (random.Next(3) == 0 ? "区" : "县"), 3));
        }
        rows.AddRange(counties);

        var existing = await WithScope(services, sp => sp.GetRequiredService<CoreDbContext>().Regions.Select(r => r.Code).ToListAsync());
        var done = 0;
        foreach (var row in rows.Where(r => !existing.Contains(r.Code)))
        {
            await WithScope(services, sp => sp.GetRequiredService<RegionService>()
                .CreateAsync(new RegionInput(row.Code, row.Parent, row.Name, "r" + row.Code), "bench-generator"));
            progress.Tick("regions", ++done, rows.Count);
        }
        var modules = services.GetRequiredService<ModuleCatalog>().Modules.Select(m => m.Manifest.Id).ToList();
        foreach (var province in provinces)
            foreach (var module in modules)
                await WithScope(services, sp => sp.GetRequiredService<FeatureService>().SetAsync(province.Code, module, FeatureSwitch.On, "bench-generator"));
        return (rows.Where(r => r.Level == 2).ToList(), rows.Where(r => r.Level == 3).OrderBy(r => r.Code, StringComparer.Ordinal).ToList());
    }

    /// <summary>The next free code under a prefix: two digits after it, then zeros to six.</summary>
    private static string Next(string prefix, int length, HashSet<string> taken)
    {
        for (var n = 1; n < 100; n++)
        {
            var code = (prefix + n.ToString("D2", CultureInfo.InvariantCulture)).PadRight(6, '0');
            if (taken.Add(code)) return code;
        }
        throw new InvalidOperationException($"No free region code under {prefix}: lower the scale.");
    }

    private static string Name(Random random, int length) => string.Concat(Enumerable.Range(0, length).Select(_ => Syllables[random.Next(Syllables.Length)]));

    public static async Task<T> WithScope<T>(IServiceProvider services, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = services.CreateScope();
        return await work(scope.ServiceProvider);
    }
}
