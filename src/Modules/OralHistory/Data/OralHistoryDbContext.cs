using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Modules.OralHistory.Data;

public sealed class OralHistoryDbContext(DbContextOptions<OralHistoryDbContext> options) : ModuleDbContext(options)
{
    public DbSet<StoryRow> Stories => Set<StoryRow>();
    public DbSet<Narrator> Narrators => Set<Narrator>();
    public DbSet<ConsentRow> Consents => Set<ConsentRow>();
    public DbSet<Honour> Honours => Set<Honour>();
    public DbSet<Volume> Collections => Set<Volume>();
    public DbSet<CollectionStory> CollectionStories => Set<CollectionStory>();
    public DbSet<ColumnSetting> ColumnSettings => Set<ColumnSetting>();
    public DbSet<ColumnSlot> ColumnSlots => Set<ColumnSlot>();

    protected override IReadOnlyList<SchemaMigration> Schema => OralHistoryMigrations.All;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoryRow>().ToTable("oralhistory_stories").HasKey(s => s.StoryId);
        modelBuilder.Entity<Narrator>().ToTable("oralhistory_narrators");
        modelBuilder.Entity<ConsentRow>().ToTable("oralhistory_consents");
        modelBuilder.Entity<Honour>().ToTable("oralhistory_honours");
        modelBuilder.Entity<Volume>().ToTable("oralhistory_collections")
            .HasMany(c => c.Stories).WithOne().HasForeignKey(s => s.CollectionId);
        modelBuilder.Entity<CollectionStory>().ToTable("oralhistory_collection_stories").HasKey(s => new { s.CollectionId, s.StoryId });
        modelBuilder.Entity<ColumnSetting>().ToTable("oralhistory_column_settings").HasKey(s => s.RegionCode);
        modelBuilder.Entity<ColumnSlot>().ToTable("oralhistory_column_slots");
    }
}
