using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Media;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Media;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;
using Platform.Modules.Providers.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Media;

/// <summary>
/// Every upload route the running host maps (admin page handlers that bind form files, and endpoints that take files
/// as parameters or declare them with <c>Accepts&lt;IFormFileCollection&gt;</c>, of the host and of every module) is
/// sent a pixel bomb, and a request with one good and one bad file, by a caller allowed to upload there (the platform
/// administrator; anyone for a public form). Each must be refused with a Chinese message and leave nothing new: no
/// media row, no file under the media folder, no row in any table. A new upload route is walked without a new test.
/// </summary>
public abstract partial class UploadRouteWalkTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string Neijiang = "511000";

    /// <summary>One form-file field of a route: its name, and whether it takes several files.</summary>
    private sealed record FileField(string Name, bool Multiple);

    /// <summary>An upload route: a page handler or an endpoint, with its form fields.</summary>
    private sealed record Target(string Pattern, RoutePattern Route, string? Handler, bool IsPublic,
        IReadOnlyList<FileField> Files, IReadOnlyList<(string Name, Type Type)> Fields)
    {
        public string Key => Handler is null ? Pattern : $"{Pattern}?handler={Handler}";
    }

    /// <summary>What a known route needs beyond the generic values, and the refusal each request must show.</summary>
    private sealed record Recipe(string BombRefusal, string MixedRefusal, IReadOnlyList<FileField>? Files = null,
        IReadOnlyDictionary<string, string>? Fields = null, string? FileName = null);

    private static readonly string Pixels = ImageLimits.MaxPixelsZh;

    /// <summary>The upload routes the walk must find (so it proves something), with what each must answer.</summary>
    private static readonly IReadOnlyDictionary<string, Recipe> Recipes = new Dictionary<string, Recipe>
    {
        ["/admin/oral-history/story/{id?}?handler=Upload"] = new(Pixels, "文件内容不是"),
        ["/admin/oral-history/story/{id?}?handler=Transcript"] = new("文字稿", "文字稿"),
        ["/admin/oral-history/narrators/{id:long}?handler=Add"] = new(Pixels, "文件内容不是"),
        ["/admin/providers/{id:long}?handler=Upload"] = new(Pixels, "文件内容不是"),
        ["/admin/veterans/import"] = new("文件无法读取", "文件无法读取", FileName: "名册.xlsx"),
        // The public application reads its form itself: its fields are the form's, its files one per document kind.
        ["/r/{region}/providers/apply"] = new(Pixels, "《税务登记证》：文件内容不是",
            Files: [new("file-business-licence", false), new("file-tax-registration", false)],
            Fields: new Dictionary<string, string>
            {
                ["legalName"] = "上传检查服务部", ["creditCode"] = "91511002MA62B0003E", ["category"] = "massage",
                ["regions"] = "511002", ["contactName"] = "李经理", ["contactPhone"] = "13800000000",
                ["expires-business-licence"] = "2030-06-30", ["expires-tax-registration"] = "2030-06-30",
            }),
    };

    // ---- the route table ---------------------------------------------------------------------------------------

    private async Task<List<Target>> UploadRoutesAsync()
    {
        _ = host.Server;
        var loader = host.Services.GetRequiredService<PageLoader>();
        var targets = new List<Target>();
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var isPublic = !pattern.StartsWith("/admin", StringComparison.OrdinalIgnoreCase)
                && !pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);
            bool IsRouteValue(string name) =>
                endpoint.RoutePattern.Parameters.Any(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var bound = compiled.BoundProperties.Select(p => (p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType)).ToList();
                foreach (var handler in compiled.HandlerMethods.Where(h => h.HttpMethod.Equals("POST", StringComparison.OrdinalIgnoreCase)))
                {
                    var fields = handler.Parameters.Select(p => (p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType))
                        .Concat(bound).Where(f => !IsRouteValue(f.Item1)).ToList();
                    var files = fields.Where(f => IsFile(f.Item2))
                        .Select(f => new FileField(f.Item1, f.Item2 != typeof(IFormFile))).ToList();
                    if (files.Count == 0) continue;
                    var name = string.IsNullOrEmpty(handler.Name) ? null : handler.Name;
                    targets.Add(new Target(pattern, endpoint.RoutePattern, name, isPublic, files, fields));
                }
                continue;
            }
            var method = endpoint.Metadata.GetMetadata<MethodInfo>();
            var parameters = method?.GetParameters() ?? [];
            var fileParameters = parameters.Where(p => IsFile(p.ParameterType))
                .Select(p => new FileField(p.Name!, p.ParameterType != typeof(IFormFile)));
            // A form of plain fields accepts multipart/form-data too; an upload says so by its type (Accepts<IFormFileCollection>).
            var declared = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } body && IsFile(body);
            var uploads = fileParameters.ToList();
            if (uploads.Count == 0 && !declared) continue;
            var plain = parameters.Where(p => p.ParameterType == typeof(string) || p.ParameterType.IsValueType)
                .Where(p => !IsRouteValue(p.Name!)).Select(p => (p.Name!, p.ParameterType)).ToList();
            IReadOnlyList<FileField> fileFields = uploads.Count > 0 ? uploads : [new FileField("file", false)];
            targets.Add(new Target(pattern, endpoint.RoutePattern, null, isPublic, fileFields, plain));
        }
        return targets;
    }

    private static bool IsFile(Type type) =>
        typeof(IFormFile).IsAssignableFrom(type) || typeof(IEnumerable<IFormFile>).IsAssignableFrom(type);

    // ---- the records the routes point at -------------------------------------------------------------------------

    private sealed record Records(string StoryId, long NarratorId, long ProviderId);

    private static readonly ClaimsPrincipal Sichuan = new(new ClaimsIdentity(
        [new Claim("name", "sichuan"), new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.BureauAdmin, "510000", null).Format())],
        "test", "name", "role"));

    private Records? _records;

    /// <summary>A draft story (with its narrator) in a Neijiang district, and the demo provider.</summary>
    private async Task<Records> RecordsAsync()
    {
        if (_records is not null) return _records;
        using var scope = host.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var transcript = TranscriptParser.Parse("[00:00:00] 开头\n[00:00:04] 结尾").Transcript;
        var draft = new Story("", "511002", "上传检查", "upload-walk-vet", "检查老兵", ["采访人甲"], "2026-10-01", "内江", ["抗美援朝"], 1951,
            "提要。", transcript, [], null, null, null, DateTime.UnixEpoch);
        var story = await sp.GetRequiredService<StoryService>().CreateAsync(Sichuan, "511002", draft);
        var narrator = await sp.GetRequiredService<OralHistoryDbContext>().Stories
            .Where(s => s.StoryId == story.Item.Id).Select(s => s.NarratorId).SingleAsync();
        var provider = await sp.GetRequiredService<ProvidersDbContext>().Providers
            .Where(p => p.OrganisationId == "demo-provider-a").Select(p => p.Id).SingleAsync();
        return _records = new Records(story.Item.Id, narrator, provider);
    }

    private static string UrlOf(Target target, Records records)
    {
        string Id() =>
            target.Pattern.Contains("/story/", StringComparison.Ordinal) ? records.StoryId
            : target.Pattern.Contains("/narrators/", StringComparison.Ordinal) ? records.NarratorId.ToString(CultureInfo.InvariantCulture)
            : target.Pattern.StartsWith("/admin/providers/", StringComparison.Ordinal)
                ? records.ProviderId.ToString(CultureInfo.InvariantCulture)
            : "1";
        var path = "/" + string.Join('/', target.Route.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "region" } => Neijiang,
            RoutePatternParameterPart { Name: "id" } => Id(),
            _ => "1",
        }))));
        var query = $"region={Neijiang}" + (target.Handler is null ? "" : $"&handler={target.Handler}");
        return target.IsPublic ? path : $"{path}?{query}";
    }

    /// <summary>A plausible value for a form field (a photo's kind and caption, a document's kind and expiry...).</summary>
    private static string? Value(string name, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return name.ToLowerInvariant() switch
        {
            "kind" when underlying == typeof(string) => "photo",
            "caption" => "1953 年合影",
            "year" => "1953",
            "documentkind" => "business-licence",
            "documentexpires" => "2030-06-30",
            "region" or "regioncode" => Neijiang,
            _ when underlying.IsEnum => Enum.GetNames(underlying)[0],
            _ when underlying == typeof(bool) => "true",
            _ when underlying == typeof(string) || underlying.IsValueType => "1",
            _ => null, // a complex bound model keeps its defaults
        };
    }

    // ---- what is stored ------------------------------------------------------------------------------------------

    private string MediaRoot => host.Services.GetRequiredService<MediaOptions>().Root;

    /// <summary>Files under the media folder (temporary ones included) and the rows of every table.</summary>
    private async Task<(int Files, Dictionary<string, long> Rows)> StoredAsync()
    {
        var files = Directory.Exists(MediaRoot) ? Directory.EnumerateFiles(MediaRoot, "*", SearchOption.AllDirectories).Count() : 0;
        using var scope = host.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<CoreDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var tables = await DatabaseTables.ListAsync(connection, host.Kind);
            var rows = new Dictionary<string, long>();
            foreach (var table in tables.Where(t => !Ignored(t)))
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                rows[table] = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }
            return (files, rows);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    /// <summary>Tables that sign-in and background work write whatever an upload does.</summary>
    private static bool Ignored(string table) =>
        table.StartsWith("__", StringComparison.Ordinal)
        || table is "core_audit" or "core_dataprotection_keys" or "core_oauth_tokens" or "core_oauth_authorizations" or "core_user_tokens"
            or "core_search_changes" or "core_job_runs" or "core_state_versions";

    private static string? Difference((int Files, Dictionary<string, long> Rows) before, (int Files, Dictionary<string, long> Rows) after)
    {
        var changed = after.Rows.Where(r => !before.Rows.TryGetValue(r.Key, out var n) || n != r.Value)
            .Select(r => $"{r.Key} {before.Rows.GetValueOrDefault(r.Key)} → {r.Value}").ToList();
        if (after.Files != before.Files) changed.Add($"media files {before.Files} → {after.Files}");
        return changed.Count == 0 ? null : string.Join(", ", changed);
    }

    // ---- requests ------------------------------------------------------------------------------------------------

    // Razor writes name, type, value; the themes' templates name, value.
    [GeneratedRegex("name=\"__RequestVerificationToken\"(?: type=\"hidden\")? value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    private static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var match = TokenPattern().Match(await client.GetStringAsync(page));
        Assert.True(match.Success, $"No antiforgery token on {page}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static MultipartFormDataContent Form(Target target, Recipe? recipe, string token, IEnumerable<(string, byte[], string)> files)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var fields = recipe?.Fields ?? target.Fields.Where(f => !IsFile(f.Type)).Select(f => (f.Name, Value: Value(f.Name, f.Type)))
            .Where(f => f.Value is not null).ToDictionary(f => f.Name, f => f.Value!);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        foreach (var (field, bytes, name) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png"); // what a browser would claim; the content decides
            form.Add(content, field, name);
        }
        return form;
    }

    /// <summary>The pixel bomb in every file field.</summary>
    private static IEnumerable<(string, byte[], string)> Bomb(IReadOnlyList<FileField> fields, Recipe? recipe) =>
        fields.Select(f => (f.Name, TestImages.PixelBomb(), recipe?.FileName ?? "老照片.png"));

    /// <summary>
    /// One good file and one bad: both in a field that takes several, else in two fields; a route with one single
    /// file field gets the bad one first (the one it binds) and the good one after it.
    /// </summary>
    private static IEnumerable<(string, byte[], string)> Mixed(IReadOnlyList<FileField> fields, Recipe? recipe)
    {
        var (good, goodName) = (TestImages.Png(), recipe?.FileName ?? "合影.png");
        var (bad, badName) = (TestImages.NotAnImage(), recipe?.FileName ?? "扫描件.jpg");
        if (fields.FirstOrDefault(f => f.Multiple) is { } several) return [(several.Name, good, goodName), (several.Name, bad, badName)];
        if (fields.Count >= 2) return [(fields[0].Name, good, goodName), (fields[1].Name, bad, badName)];
        return [(fields[0].Name, bad, badName), (fields[0].Name, good, goodName)];
    }

    [Fact]
    public async Task Every_upload_route_refuses_a_pixel_bomb_and_a_partly_bad_request_and_stores_nothing()
    {
        var targets = await UploadRoutesAsync();
        var found = targets.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var missing = Recipes.Keys.Where(k => !found.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"The walk did not find {string.Join(", ", missing)}; it found {string.Join(", ", found.Order())}");

        var records = await RecordsAsync();
        var admin = await host.CreateAdminAsync();
        var adminToken = await TokenAsync(admin, "/admin");
        using var anonymous = host.CreateBrowser();
        var failures = new List<string>();
        var lines = new List<string>();
        foreach (var target in targets)
        {
            var recipe = Recipes.GetValueOrDefault(target.Key);
            var files = recipe?.Files ?? target.Files;
            var client = target.IsPublic ? anonymous : admin;
            // A public form's own page carries the anonymous visitor's token.
            var token = target.IsPublic ? await TokenAsync(anonymous, UrlOf(target, records)) : adminToken;
            var scenarios = new[]
            {
                ("pixel bomb", Bomb(files, recipe), recipe?.BombRefusal), ("good + bad", Mixed(files, recipe), recipe?.MixedRefusal),
            };
            foreach (var (scenario, upload, expected) in scenarios)
            {
                var before = await StoredAsync();
                using var response = await client.PostAsync(UrlOf(target, records), Form(target, recipe, token, upload));
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var line = $"{target.Key} [{scenario}] → {status}";
                lines.Add(line);
                // A handler of an upload page that reads no file (a page binds its file property for every handler) may
                // also refuse for its own missing values; a known upload route must refuse for the file.
                if (recipe is null && status == 404) { }
                else if (status is not (400 or 413))
                    failures.Add($"{line}: expected a refusal (400 or 413{(recipe is null ? ", or 404" : "")})");
                else if (expected is not null ? !body.Contains(expected, StringComparison.Ordinal) : !Chinese().IsMatch(body))
                    failures.Add($"{line}: the page does not say “{expected ?? "(any Chinese)"}”");
                if (Difference(before, await StoredAsync()) is { } stored) failures.Add($"{line}: stored {stored}");
            }
        }
        Assert.True(failures.Count == 0,
            $"{failures.Count} problem(s):\n  {string.Join("\n  ", failures)}\n\nChecked:\n  {string.Join("\n  ", lines)}");
    }

    [Fact]
    public async Task A_photo_refused_for_its_caption_leaves_no_file_or_row()
    {
        var records = await RecordsAsync();
        var admin = await host.CreateAdminAsync();
        var token = await TokenAsync(admin, "/admin");
        var before = await StoredAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("photo"), "kind" },
            { new StringContent(new string('长', 501)), "caption" }, { new ByteArrayContent(TestImages.Png(1000, 700)), "files", "合影.png" },
        };
        using var response = await admin.PostAsync($"/admin/oral-history/story/{records.StoryId}?region={Neijiang}&handler=Upload", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("最多 500 个字", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Difference(before, await StoredAsync()));
    }
}

public sealed class UploadRouteWalkTests_Sqlite(SqliteHost host) : UploadRouteWalkTests<SqliteHost>(host);

public sealed class UploadRouteWalkTests_Postgres(PostgresHost host) : UploadRouteWalkTests<PostgresHost>(host);
