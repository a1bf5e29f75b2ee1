using System.Globalization;

namespace Bench.Generate;

/// <summary>Command line: <c>[search|bare] --seed N --scale S --db sqlite|postgres --data DIR --connection CS --rounds N --urls URL --verify</c>.</summary>
public sealed record Options(string Command, int Seed, double Scale, string Db, string Data, string? Connection, int Rounds, string Urls, bool Verify)
{
    public static Options Parse(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "generate";
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        var db = Value("--db") ?? "sqlite";
        if (db is not ("sqlite" or "postgres")) throw new ArgumentException("--db must be sqlite or postgres");
        var connection = Value("--connection");
        if (db == "postgres" && connection is null) throw new ArgumentException("--db postgres needs --connection \"Host=...;Database=...\"");
        return new Options(command, int.Parse(Value("--seed") ?? "1", CultureInfo.InvariantCulture),
            double.Parse(Value("--scale") ?? "1", CultureInfo.InvariantCulture), db,
            Path.GetFullPath(Value("--data") ?? Path.Combine(Path.GetTempPath(), "platform-bench-data")), connection,
            int.Parse(Value("--rounds") ?? "5", CultureInfo.InvariantCulture), Value("--urls") ?? "http://127.0.0.1:5099", args.Contains("--verify"));
    }

    /// <summary>A size at this scale, never below <paramref name="minimum"/>.</summary>
    public int Count(int full, int minimum = 1) => Math.Max(minimum, (int)Math.Round(full * Scale));
}
