using System.Globalization;
using System.Runtime.CompilerServices;
using Platform.Core.Search;

namespace OralHistoryBench;

/// <summary>
/// 20,000 made-up published stories as the host's content source gives them to the index (title, narrator, summary,
/// transcript text, era tags, year, public address), spread over Neijiang's counties. Deterministic.
/// </summary>
public sealed class GeneratedStories : ISearchDocumentSource
{
    public static int Count { get; set; } = 20_000;

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] Given = ["德胜", "建国", "振华", "卫东", "保国", "长征", "永福", "铁军", "海潮", "秀英", "桂兰", "淑芬"];
    private static readonly string[] Eras = ["解放战争", "抗美援朝", "对越自卫反击战", "国防建设", "抢险救灾"];
    private static readonly string[] Places = ["长津湖", "上甘岭", "老山", "者阴山", "渡江", "戈壁滩", "东海岛礁", "边防哨所", "长江大堤", "川藏线"];
    private static readonly string[] Counties = ["511002", "511011", "511024", "511025", "511083"];
    private static readonly string[] Sentences =
    [
        "那年冬天特别冷，我们在雪地里趴了一整夜。", "连长把最后一个馒头分给了伤员。", "我们用罐头盒做了一个小花园。",
        "电台兵把电台揣在怀里焐热。", "回国以后我在军休所组织门球队。", "老乡们撑着木船把我们送到对岸。",
        "猫耳洞里潮湿闷热，九个月不见太阳。", "母亲一直留着我寄回去的那封信。", "我们在戈壁滩上喝的是苦水。", "部队夜里行军不准点灯。",
    ];

    public string ModuleId => "bench";

    public static SearchDocument Story(int i)
    {
        var random = new Random(i);
        var narrator = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)];
        var place = Places[random.Next(Places.Length)];
        var era = Eras[random.Next(Eras.Length)];
        var body = string.Join("\n", Enumerable.Range(0, 24).Select(_ => Sentences[random.Next(Sentences.Length)]))
                   + $"\n{narrator}说：{place}的那段日子，我一辈子也忘不了。编号{i.ToString(CultureInfo.InvariantCulture)}号访谈。";
        var region = Counties[i % Counties.Length];
        return new SearchDocument($"bench:{i}", "OralHistory", "story", region, $"{place}的回忆（{narrator}）",
            $"{narrator}\n{place}\n{body}", [era], 1946 + random.Next(60), $"/r/{region}/oral-history/stories/bench-{i}", $"{narrator}讲述{place}的往事。");
    }

    public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < Count; i++)
        {
            if (i % 5000 == 0) await Task.Yield();
            yield return Story(i);
        }
    }

    public Task<SearchDocument?> FindAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<SearchDocument?>(Story(int.Parse(key["bench:".Length..], CultureInfo.InvariantCulture)));
}
