using System.Diagnostics;
using System.Globalization;

namespace Bench.Generate;

/// <summary>Progress on stderr (at most every two seconds per part) and each part's time, kept for the report.</summary>
public sealed class Progress
{
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private TimeSpan _last;

    public List<(string Part, int Count, double Seconds, string Note)> Parts { get; } = [];

    public void Tick(string part, int done, int total)
    {
        if (done != total && _since.Elapsed - _last < TimeSpan.FromSeconds(2)) return;
        _last = _since.Elapsed;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {part}: {done:N0}/{total:N0}"));
    }

    public async Task<T> TimeAsync<T>(string part, Func<Task<T>> work, Func<T, int> count, string note = "")
    {
        Console.Error.WriteLine($"==> {part}");
        var watch = Stopwatch.StartNew();
        var result = await work();
        Parts.Add((part, count(result), watch.Elapsed.TotalSeconds, note));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PART {part} count={count(result)} seconds={watch.Elapsed.TotalSeconds:F1}"));
        return result;
    }
}
