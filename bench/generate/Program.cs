using System.Globalization;
using Bench.Generate;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

// Synthetic nationwide data set and its helpers for bench/run. Commands:
//   [generate] --seed 1 --scale 1.0 --db sqlite|postgres --data DIR [--connection CS]   fill a database (see README.md)
//   generate --verify [--seed 1]       generate at a tiny scale twice into two SQLite folders and compare the results
//   search --data DIR [--db postgres --connection CS] [--rounds 5]   index the stories, time 200 queries against Lucene
//   bare --urls URL                    the bare Kestrel yardstick: GET /bytes/{n} answers n bytes of HTML
var options = Options.Parse(args);
switch (options.Command)
{
    case "bare":
        await Bare.RunAsync(options.Urls);
        return 0;
    case "search":
        await SearchBench.RunAsync(options);
        return 0;
    case "generate" when options.Verify:
        return await Verify.RunAsync(options) ? 0 : 1;
    case "generate":
        await GenerateAsync(options);
        return 0;
    default:
        Console.Error.WriteLine($"unknown command {options.Command}");
        return 2;
}

static async Task GenerateAsync(Options options)
{
    Directory.CreateDirectory(options.Data);
    var total = System.Diagnostics.Stopwatch.StartNew();
    var progress = new Progress();
    // The demo recipe first: its accounts, the OAuth client the token benchmark uses, and the demo regions and providers.
    await using var app = await progress.TimeAsync("platform and demo data", () => BenchHost.OpenAsync(options, demo: true), _ => 0);
    var services = app.Services;
    var (prefectures, counties) = await progress.TimeAsync("regions", () => RegionTree.CreateAsync(services, options, progress), r => 31 + r.Prefectures.Count + r.Counties.Count);
    var homes = await progress.TimeAsync("institutions", () => Registry.InstitutionsAsync(services, options, prefectures, progress), _ => options.Count(1000));
    var spreadsheet = await progress.TimeAsync("veterans spreadsheet (the import's input)", () => Registry.SpreadsheetAsync(options, counties, homes),
        _ => options.Count(240_000), "MiniExcel, bench/shared/VeteranRows.cs");
    await progress.TimeAsync("veterans (Excel import)", () => Registry.VeteransAsync(services, options, spreadsheet, counties, progress), n => n,
        "bulk path: the registry's Excel import (RegistryImport: check every row, write in one transaction)");
    var operators = await progress.TimeAsync("providers", () => Suppliers.ProvidersAsync(services, options, prefectures, progress), _ => options.Count(3000, 2),
        "one by one: register with scans, approve, one offering");
    var made = await progress.TimeAsync("sanatoriums and batches", () => Suppliers.SanatoriumsAsync(services, operators, progress), r => r.Batches,
        $"one by one: {operators.Count:N0} sanatoriums × 12 monthly batches");
    await progress.TimeAsync("stories", () => Stories.PublishAsync(services, options, progress), n => n,
        "one by one: create, consent, submit, approve, publish");
    await Targets.WriteAsync(services, options);
    var report = progress.Parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Part}\t{(p.Count > 0 ? p.Count.ToString(CultureInfo.InvariantCulture) : "")}\t{p.Seconds:F1}\t{p.Note}"))
        .Append(string.Create(CultureInfo.InvariantCulture, $"total\t\t{total.Elapsed.TotalSeconds:F1}\tseed {options.Seed}, scale {options.Scale}, {options.Db}"));
    await File.WriteAllLinesAsync(Path.Combine(options.Data, "generate.tsv"), report);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PART total seconds={total.Elapsed.TotalSeconds:F1}"));
    GC.KeepAlive(made);
}
