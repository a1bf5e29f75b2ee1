using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Content;
using Platform.Core.Media;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Core.Theming;
using Platform.Core.Text;

namespace Platform.TestModules.Alpha;

public sealed class AlphaModule : PlatformModule
{
    public override ModuleManifest Manifest { get; } = new("Alpha", "甲模块", "Alpha", "1.2.0", "测试", "alpha");

    public override IReadOnlyList<AdminMenuItem> AdminMenu { get; } = [new("甲模块笔记", "Alpha notes", "/admin/alpha")];

    public override IReadOnlyList<PermissionDescriptor> Permissions { get; } =
    [
        new("alpha.submit", "提交笔记审核", "Submit a note for review", [PlatformRoles.LiaisonOfficer, PlatformRoles.BureauAdmin]),
        new("alpha.approve", "审核笔记", "Review notes", [PlatformRoles.BureauAdmin]),
    ];

    /// <summary>A story type with every kind of field, published through the <c>publication</c> workflow and searchable.</summary>
    public override IReadOnlyList<ContentTypeDescriptor> ContentTypes { get; } =
    [
        new("story", "故事", "Story")
        {
            Fields =
            [
                new("title", ContentFieldKind.Text, "标题", "Title", Required: true),
                new("summary", ContentFieldKind.LongText, "摘要", "Summary", MaxLength: 500),
                new("body", ContentFieldKind.RichText, "正文", "Body"),
                new("tags", ContentFieldKind.Tags, "战役与年代", "Campaigns"),
                new("date", ContentFieldKind.Date, "讲述日期", "Interview date"),
                new("photos", ContentFieldKind.MediaList, "照片", "Photos", Media: MediaPolicy.Images),
                new("audio", ContentFieldKind.Media, "录音", "Audio", Media: MediaPolicy.Audio),
                new("transcript", ContentFieldKind.Json, "逐字稿", "Transcript"),
            ],
            PublicationWorkflow = "publication",
            Searchable = true,
            EditPermission = "alpha.submit",
            PublicUrl = "/r/{region}/alpha/stories/{id}",
        },
    ];

    public override IReadOnlyList<ApiScopeDescriptor> Scopes { get; } =
    [
        new("alpha.read", "读取甲模块笔记", "Read Alpha notes", ScopeAudience.ProviderSystems | ScopeAudience.Staff),
        new("alpha.write", "写入甲模块笔记", "Write Alpha notes", ScopeAudience.Staff),
    ];

    public override IReadOnlyList<SchemaMigration> Migrations => Schema;

    public static IReadOnlyList<SchemaMigration> Schema { get; } =
    [
        new(1, "notes", b => b.CreateTable("alpha_notes", t => new
        {
            Id = t.Column<long>().Identity(),
            RegionCode = t.Column<string>(maxLength: 12),
            Text = t.Column<string>(maxLength: 200),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_alpha_notes", x => x.Id))),
    ];

    public override void ConfigureServices(IServiceCollection services, ModuleServicesContext context)
    {
        services.AddModuleDbContext<AlphaDbContext>(context.Database);
        services.AddSingleton<Platform.Core.Workflows.IWorkflowEventSubscriber, NoteApprovedRecorder>();
        services.AddSingleton<Platform.Core.Workflows.IWorkflowGuard, HasTextGuard>();
        services.AddSingleton<Platform.Core.Workflows.IWorkflowGuard, ExpiryCheckGuard>();
    }

    public override void MapRoutes(ModuleRouteBuilder routes)
    {
        routes.Public.MapGet("/", PublicIndex);
        routes.Public.MapGet("/media/{id}", PublicMedia);
        routes.Api.MapGet("/notes", ListNotes).WithName("AlphaListNotes").RequireScope("alpha.read");
        routes.Api.MapPost("/notes", AddNote).WithName("AlphaAddNote").RequireScope("alpha.write");
    }

    /// <summary>Any Alpha upload of the region, as a module serves its public media (with range requests).</summary>
    private static async Task<IResult> PublicMedia(string region, string id, int? w, Platform.Core.Media.IMediaStore media)
    {
        var found = await media.FindAsync(id);
        if (found is null || found.Module != "Alpha" || found.RegionCode != region) return Results.NotFound();
        var content = await media.OpenAsync(id, w);
        return content is null ? Results.NotFound() : Platform.Core.Media.MediaResults.Serve(content);
    }

    private static async Task<IResult> PublicIndex(string region, HttpContext http, AlphaDbContext db, IThemeRenderer theme)
    {
        var notes = await db.Notes.Where(n => n.RegionCode == region).OrderBy(n => n.Id).Select(n => n.Text).ToListAsync();
        return await theme.RenderPageAsync(http, "Alpha/index", new Dictionary<string, object?> { ["notes"] = notes }, "甲模块");
    }

    private static async Task<Ok<List<string>>> ListNotes(string region, HttpContext http, IAccessScope access, AlphaDbContext db)
    {
        await access.EnsureAsync(http.User, region, write: false);
        return TypedResults.Ok(await db.Notes.Where(n => n.RegionCode == region).OrderBy(n => n.Id).Select(n => n.Text).ToListAsync());
    }

    private static async Task<Created> AddNote(string region, NoteInput input, HttpContext http, IAccessScope access, AlphaDbContext db)
    {
        await access.EnsureAsync(http.User, region, write: true);
        db.Notes.Add(new AlphaNote { RegionCode = region, Text = input.Text, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return TypedResults.Created();
    }
}

public sealed record NoteInput([MultiLine(200, Label = "笔记")] string Text);

public sealed class AlphaNote
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class AlphaDbContext(DbContextOptions<AlphaDbContext> options) : ModuleDbContext(options)
{
    public DbSet<AlphaNote> Notes => Set<AlphaNote>();

    protected override IReadOnlyList<SchemaMigration> Schema => AlphaModule.Schema;

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AlphaNote>().ToTable("alpha_notes");
}
