using System.Globalization;
using System.Runtime.CompilerServices;
using Platform.Core.Search;

namespace Bench.Common;

/// <summary>
/// Deterministic made-up life stories (campaigns, places, units, everyday words) and the fixed list of search queries
/// that finds them. Shared by bench/search (documents straight into the index) and bench/generate (stories through the
/// oral-history module, whose published versions the host then indexes).
/// </summary>
public sealed class GeneratedStories(int count) : ISearchDocumentSource
{
    public static readonly string[] Campaigns = ["解放战争", "抗美援朝", "对越自卫反击战", "国防建设", "渡江战役", "上甘岭战役", "长津湖战役", "边境作战", "抗洪抢险", "唐山抗震"];
    private static readonly string[] Places = ["内江", "资中", "隆昌", "威远", "杭州", "西湖", "拱墅", "成都", "重庆", "南京", "沈阳", "丹东", "昆明", "老山", "者阴山"];
    private static readonly string[] Words = ["连队", "指导员", "战友", "炊事班", "冲锋号", "坑道", "炒面", "家书", "立功", "负伤", "复员", "转业", "军休所", "宣讲员", "老伴", "孙子", "勋章", "照片", "行军", "夜袭", "雪地", "高地", "电台", "卫生员", "担架"];
    private static readonly string[] Regions = ["511002", "511011", "511024", "511025", "511083", "330102", "330105", "330106"];

    /// <summary>One story: a title, about 1,200 characters in sentences, its campaign, region and the year of the events.</summary>
    public sealed record Text(string Title, IReadOnlyList<string> Sentences, string Campaign, string Region, int Year);

    public string ModuleId => "bench";

    public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Story(i);
            if (i % 1000 == 0) await Task.Yield();
        }
    }

    public Task<SearchDocument?> FindAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<SearchDocument?>(Story(int.Parse(key.Split(':')[1], CultureInfo.InvariantCulture)));

    /// <summary>Story <paramref name="i"/> of the seed, placed in one of <paramref name="regions"/>: the same every time.</summary>
    public static Text Write(int i, int seed = 0, IReadOnlyList<string>? regions = null)
    {
        regions ??= Regions;
        var random = new Random(seed == 0 ? i : (int)((i * 1_000_003L + seed * 7_919L) & int.MaxValue));
        var sentences = new List<string>();
        for (var length = 0; length < 1200;)
        {
            var sentence = string.Create(CultureInfo.InvariantCulture,
                $"那年在{Pick(random, Places)}，{Pick(random, Words)}和{Pick(random, Words)}一起，经历了{Pick(random, Campaigns)}。{Pick(random, Words)}说起{Pick(random, Words)}，眼里有光。");
            sentences.Add(sentence);
            length += sentence.Length;
        }
        var campaign = Pick(random, Campaigns);
        var region = regions[random.Next(regions.Count)];
        var title = string.Create(CultureInfo.InvariantCulture, $"{Pick(random, Places)}的{Pick(random, Words)}：{campaign}回忆 {i}");
        return new Text(title, sentences, campaign, region, 1946 + random.Next(60));
    }

    private static SearchDocument Story(int i)
    {
        var text = Write(i);
        return new SearchDocument($"bench:{i}", "OralHistory", "story", text.Region, text.Title,
            string.Concat(text.Sentences), [text.Campaign], text.Year, $"/r/511000/oral-history/stories/{i}");
    }

    /// <summary>The fixed query list: the same every run.</summary>
    public static List<(string Text, string? Region)> Queries(int n)
    {
        var random = new Random(2026);
        return [.. Enumerable.Range(0, n).Select(i => (i % 4) switch
        {
            0 => (Pick(random, Campaigns), (string?)null),
            1 => (Pick(random, Words), (string?)"510000"),
            2 => ($"{Pick(random, Places)} {Pick(random, Words)}", (string?)"330000"),
            _ => ($"{Pick(random, Words)}{Pick(random, Words)}", (string?)null),
        })];
    }

    private static string Pick(Random random, string[] from) => from[random.Next(from.Length)];
}
